package io.proxyctl.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a buffer leak during it. Leaks are only noticed once the leaked buffer
 * is garbage collected and a later allocation polls the detector, so this forces both before checking.
 */
public final class LeakCheckExtension implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(40);
            for (ByteBufAllocator a : new ByteBufAllocator[]{ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT,
                    UnpooledByteBufAllocator.DEFAULT}) {
                for (int j = 0; j < 8; j++) {
                    ByteBuf b = a.directBuffer(64);
                    b.release();
                    b = a.heapBuffer(64);
                    b.release();
                }
            }
        }
        List<String> leaks = RecordingLeakDetector.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) in " + context.getDisplayName() + ":\n"
                    + String.join("\n", leaks));
        }
    }
}
