package io.proxyctl.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * A leak detector (installed with {@code -Dio.netty.customResourceLeakDetector}) that records every reported
 * leak so {@link LeakCheckExtension} can fail the test class that caused it.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    private static final List<String> LEAKS = new ArrayList<>();

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        synchronized (LEAKS) {
            LEAKS.add(resourceType + " leak:" + records);
        }
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        synchronized (LEAKS) {
            LEAKS.add(resourceType + " leak (untraced)");
        }
        super.reportUntracedLeak(resourceType);
    }

    /** Returns and clears the leaks recorded so far. */
    static List<String> drain() {
        synchronized (LEAKS) {
            List<String> out = new ArrayList<>(LEAKS);
            LEAKS.clear();
            return out;
        }
    }
}
