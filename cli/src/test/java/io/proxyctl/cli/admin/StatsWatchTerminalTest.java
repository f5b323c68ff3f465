package io.proxyctl.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code admin stats --watch} in a real pseudo-terminal: proxyctl runs in its own JVM inside a private tmux server
 * (its own socket, killed afterwards); the test types with {@code send-keys} and reads the screen with
 * {@code capture-pane}. tmux is required (.ci/run installs it); without it this test fails rather than skips.
 */
class StatsWatchTerminalTest {
    private static final long WAIT_MILLIS = 30_000;
    @TempDir
    Path dir;
    private RecordedEnvoyAdmin envoy;
    private Path socket;
    private String session;
    private Path exitFile;
    private int sessions;

    @BeforeEach
    void start() {
        envoy = RecordedEnvoyAdmin.start();
        envoy.rqPerRequest = 10;
        socket = dir.resolve("tmux.sock");
    }

    @AfterEach
    void stop() throws Exception {
        if (Files.exists(socket)) {
            tmux("kill-server");
        }
        envoy.close();
    }

    @Test
    void rendersRatesFiltersAsYouTypeAndQuitsWithQ() throws Exception {
        launch("--interval", "300ms");
        String screen = waitForScreen(s -> s.contains("sample 3"), "the third sample");
        assertEquals("", stderr());
        List<String> lines = screen.lines().toList();
        assertTrue(lines.get(0).startsWith("proxyctl admin stats --watch   " + envoy.address() + "   every 300ms   sample "), screen);
        assertTrue(lines.get(1).startsWith("filter: (none)   ('/' filter, Esc clear, q quit)   64 of 64 stats"), screen);
        assertTrue(lines.get(3).matches("NAME\\s+KIND\\s+VALUE\\s+RATE/s\\s+P50\\s+P99\\s*"), screen);
        // the only counter that moves is the most active row, with a rate near 10 per 300ms
        String[] top = lines.get(4).trim().split("\\s+");
        assertEquals("cluster.service1.upstream_rq_total", top[0], screen);
        assertEquals("counter", top[1], screen);
        double rate = Double.parseDouble(top[3]);
        assertTrue(rate > 10 && rate < 100, screen);
        assertEquals(40, screen.lines().count(), "rows beyond the pane's 40 lines are cut");
        assertTrue(screen.lines().anyMatch(l -> l.matches("cluster\\.service1\\.upstream_cx_active\\s+gauge\\s+2\\s+0\\s+-\\s+-\\s*")), screen);

        tmux("send-keys", "-t", session, "/");
        tmux("send-keys", "-t", session, "-l", "membership_h");
        screen = waitForScreen(s -> s.contains("filter: membership_h_"), "the typed filter");
        List<String> rows = screen.lines().skip(4).filter(l -> !l.isBlank()).toList();
        assertEquals(List.of("cluster.service1.membership_healthy", "cluster.service2.membership_healthy"),
                rows.stream().map(l -> l.trim().split("\\s+")[0]).sorted().toList(), screen);
        assertTrue(screen.lines().toList().get(1).contains("2 of 64 stats"), screen);

        // typing goes to the filter, so 'q' here is a letter, not quit
        tmux("send-keys", "-t", session, "-l", "q");
        waitForScreen(s -> s.contains("filter: membership_hq_") && s.contains("0 of 64 stats"), "q typed into the filter");
        tmux("send-keys", "-t", session, "BSpace", "Enter");
        screen = waitForScreen(s -> s.contains("filter: membership_h   ("), "the kept filter");
        assertFalse(Files.exists(exitFile), "still running");

        tmux("send-keys", "-t", session, "Escape");
        waitForScreen(s -> s.contains("filter: (none)"), "the cleared filter");
        tmux("send-keys", "-t", session, "q");
        assertEquals("0", waitForExit());
        String after = capture();
        assertFalse(after.contains("proxyctl admin stats --watch"), "the alternate screen is left on exit:\n" + after);
    }

    @Test
    void ctrlCQuitsCleanlyAndCountStops() throws Exception {
        launch("--interval", "200ms");
        waitForScreen(s -> s.contains("sample 1"), "the first sample");
        tmux("send-keys", "-t", session, "C-c");
        assertEquals("0", waitForExit());
        assertFalse(capture().contains("proxyctl admin stats --watch"));

        launch("--interval", "200ms", "--count", "3", "--filter", "^server\\.");
        assertEquals("0", waitForExit());
    }

    @Test
    void unreachableProxyIsShownAndRetriedUntilItAnswers() throws Exception {
        int port = OtherServers.closedPort();
        launchAt("127.0.0.1:" + port, "--interval", "200ms");
        String screen = waitForScreen(s -> s.contains("error: cannot connect to 127.0.0.1:" + port + ": connection refused"),
                "the error line");
        assertTrue(screen.contains("sample 0"), screen);
        // the proxy comes up on that port (as after a restart): the view recovers by itself
        OtherServers.release(port);
        try (RecordedEnvoyAdmin late = RecordedEnvoyAdmin.start(port)) {
            screen = waitForScreen(s -> s.contains("sample 2"), "samples from the restarted proxy");
            assertFalse(screen.contains("error:"), screen);
            assertTrue(screen.contains("64 of 64 stats"), screen);
            tmux("send-keys", "-t", session, "q");
            assertEquals("0", waitForExit());
        }
    }

    /**
     * Starts proxyctl in a 150x40 tmux pane. The wrapper shell traps SIGINT (a handler, which exec resets, so proxyctl
     * still gets Ctrl-C) to outlive it and write proxyctl's exit status to a file; the pane stays after exit
     * (remain-on-exit) so its last screen can be read.
     */
    private void launchAt(String address, String... extra) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.proxyctl.cli.Main", "admin", "stats", "--watch", "--address", address));
        cmd.addAll(List.of(extra));
        session = "watch" + ++sessions;
        exitFile = dir.resolve(session + ".rc");
        StringBuilder sh = new StringBuilder("trap : INT\n");
        for (String c : cmd) {
            sh.append(quote(c)).append(' ');
        }
        sh.append("2>").append(quote(dir.resolve("stderr.txt").toString())).append('\n');
        sh.append("echo $? > ").append(quote(exitFile + ".tmp")).append(" && mv ").append(quote(exitFile + ".tmp")).append(' ')
                .append(quote(exitFile.toString())).append('\n');
        Path script = Files.writeString(dir.resolve(session + ".sh"), sh.toString());
        Path conf = Files.writeString(dir.resolve("tmux.conf"), "set -g remain-on-exit on\n");
        tmux("-f", conf.toString(), "new-session", "-d", "-s", session, "-x", "150", "-y", "40", "sh " + quote(script.toString()));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private void launch(String... extra) throws Exception {
        launchAt(envoy.address(), extra);
    }

    private String waitForScreen(Predicate<String> ready, String what) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        String screen = "";
        while (System.currentTimeMillis() < deadline) {
            screen = capture();
            if (ready.test(screen)) {
                return screen;
            }
            Thread.sleep(50);
        }
        fail("timed out waiting for " + what + "; screen:\n" + screen + "\nstderr:\n" + stderr());
        return screen;
    }

    /** Waits for proxyctl to exit and returns its exit status. */
    private String waitForExit() throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(exitFile)) {
                return Files.readString(exitFile).strip();
            }
            Thread.sleep(50);
        }
        fail("proxyctl did not exit; screen:\n" + capture() + "\nstderr:\n" + stderr());
        return null;
    }

    private String stderr() throws IOException {
        Path p = dir.resolve("stderr.txt");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private String capture() throws Exception {
        return tmux("capture-pane", "-p", "-t", session);
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("tmux is needed for the terminal test (apt-get install tmux): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("tmux " + String.join(" ", args) + " hung");
        }
        if (p.exitValue() != 0 && !args[0].equals("kill-server")) {
            fail("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}
