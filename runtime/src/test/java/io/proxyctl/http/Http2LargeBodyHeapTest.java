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
 * 64 MiB up and 64 MiB down over HTTP/2 on both sides of the proxy, in a child JVM whose heap (and so direct
 * memory) is capped at 64 MiB: buffering a whole body anywhere cannot pass.
 */
class Http2LargeBodyHeapTest {
    @TempDir
    Path tmp;

    @Test
    void sixtyFourMibEchoedOverH2WithA64MibHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = tmp.resolve("child.out");
        Process p = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-Dio.netty.leakDetection.level=simple", "-cp", System.getProperty("java.class.path"),
                Http2LargeBodyCheck.class.getName()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(done, "child did not finish in 120 s:\n" + text);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("OK up=67108864 down=67108864"), text);
        assertTrue(!text.contains("OutOfMemoryError") && !text.contains("LEAK"), text);
        System.out.println(text.lines().filter(l -> l.startsWith("OK")).findFirst().orElse(text));
    }
}
