package io.proxyctl.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.ChildJvm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1 GiB up and 1 GiB down through the proxy in a child JVM whose heap (and so direct memory) is capped at
 * 128 MiB: only streaming with back-pressure can pass.
 */
class LargeBodyHeapTest {
    @TempDir
    Path tmp;

    @Test
    void oneGibBothWaysWithA128MibHeap() throws Exception {
        String text = ChildJvm.runToSuccess(tmp, "128m", LargeBodyCheck.class);
        assertTrue(text.contains("OK upload=1073741824") && text.contains("download=1073741824"), text);
        System.out.println(text.lines().filter(l -> l.startsWith("OK")).findFirst().orElse(text));
    }
}
