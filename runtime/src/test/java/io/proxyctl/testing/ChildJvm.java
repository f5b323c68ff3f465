package io.proxyctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of the test classpath started as a separate process, for checks that need their own heap cap: it exits on
 * the first OutOfMemoryError and samples buffer leaks, so a whole-body buffer or a leak shows in its output.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** The command line: this JVM's java with {@code jvmOptions}, the test classpath, {@code main} and its args. */
    static List<String> command(List<String> jvmOptions, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        String transport = System.getProperty(io.proxyctl.transport.Transport.PROPERTY);
        if (transport != null) {
            cmd.add("-D" + io.proxyctl.transport.Transport.PROPERTY + "=" + transport); // the suite's transport pass
        }
        cmd.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-Dio.netty.leakDetection.level=simple", "-cp",
                System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Runs {@code main} with the heap capped at {@code maxHeap} (e.g. "128m"), output in {@code dir}; asserts it ended
     * within 120 s with exit status 0, no OutOfMemoryError and no leak report. Returns its output.
     */
    public static String runToSuccess(Path dir, String maxHeap, Class<?> main) throws IOException, InterruptedException {
        Path out = dir.resolve("child.out");
        Process p = new ProcessBuilder(command(List.of("-Xmx" + maxHeap), main))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(done, "child did not finish in 120 s:\n" + text);
        assertEquals(0, p.exitValue(), text);
        assertTrue(!text.contains("OutOfMemoryError") && !text.contains("LEAK"), text);
        return text;
    }
}
