package io.proxyctl.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.ChildJvm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 64 MiB up and 64 MiB down over HTTP/2 on both sides of the proxy, in a child JVM whose heap (and so direct
 * memory) is capped at 64 MiB: buffering a whole body anywhere cannot pass.
 */
class Http2LargeBodyHeapTest {
    @TempDir
    Path tmp;

    @Test
    void sixtyFourMibEchoedOverH2WithA64MibHeap() throws Exception {
        String text = ChildJvm.runToSuccess(tmp, "64m", Http2LargeBodyCheck.class);
        assertTrue(text.contains("OK up=67108864 down=67108864"), text);
        System.out.println(text.lines().filter(l -> l.startsWith("OK")).findFirst().orElse(text));
    }
}
