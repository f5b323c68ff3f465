package io.proxyctl.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * A monotonically increasing counter; {@link #inc()} is contention-free across event loops. Like Envoy's, it
 * remembers whether it was ever written ({@code /stats?usedonly}), even after {@link #reset()}.
 */
public final class Counter {
    private final String name;
    private final LongAdder value = new LongAdder();
    // Written once, read on every update: after the first write the line stays shared in every core's cache.
    private volatile boolean used;

    Counter(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void inc() {
        value.increment();
        if (!used) {
            used = true;
        }
    }

    public void add(long n) {
        value.add(n);
        if (!used) {
            used = true;
        }
    }

    public long value() {
        return value.sum();
    }

    /** Whether the counter was ever incremented (or added to, even zero). */
    public boolean used() {
        return used;
    }

    /** Resets to zero (admin {@code /reset_counters}); the counter stays "used". */
    public void reset() {
        value.reset();
    }
}
