package io.proxyctl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = tmp.resolve("child.out");
        Process p = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:+ExitOnOutOfMemoryError",
                "-Dio.netty.leakDetection.level=simple", "-cp", System.getProperty("java.class.path"),
                LargeBodyCheck.class.getName()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(done, "child did not finish in 120 s:\n" + text);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("OK upload=1073741824") && text.contains("download=1073741824"), text);
        assertTrue(!text.contains("OutOfMemoryError") && !text.contains("LEAK"), text);
        System.out.println(text.lines().filter(l -> l.startsWith("OK")).findFirst().orElse(text));
    }
}
