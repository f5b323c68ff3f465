package io.proxyctl.cli.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyctl.cli.ConfigDumpServer;
import io.proxyctl.cli.Shells;
import io.proxyctl.cli.Tmux;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proxyctl shell} in a real pseudo-terminal (tmux): the JVM runs from this module's classes and test
 * classpath, with its home directory in a temporary folder so the history file is the test's own.
 */
class ShellTerminalTest {
    @TempDir
    Path dir;

    static String resource(String name) throws IOException {
        try (InputStream in = ShellTerminalTest.class.getResourceAsStream("/io/proxyctl/cli/diff/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Shells.available("tmux"), "tmux is not installed");
        Files.writeString(dir.resolve("envoy.yaml"), resource("envoy.yaml"));
        Files.writeString(dir.resolve("notes.txt"), "x\n");
    }

    private Tmux startShell() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(Shells.javaCommand("io.proxyctl.cli.Main"));
        cmd.add(1, "-Duser.home=" + dir);
        cmd.add("shell");
        StringBuilder line = new StringBuilder("exec");
        for (String c : cmd) {
            line.append(' ').append(Shells.quote(c));
        }
        Tmux t = new Tmux(dir, line.toString());
        t.awaitLastLine("proxyctl>");
        return t;
    }

    /** Ctrl-C while a command waits (here on an admin endpoint that never answers) stops the command, not the shell. */
    @Test
    void ctrlCInterruptsTheRunningCommand() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             Tmux t = startShell()) {
            t.type("diff envoy.yaml http://127.0.0.1:" + silent.getLocalPort());
            t.keys("Enter");
            try (java.net.Socket accepted = silent.accept()) {
                long start = System.nanoTime();
                t.keys("C-c");
                String screen = t.await(s -> s.contains("interrupted") && Tmux.lastLine(s).equals("proxyctl>"),
                        "the command to stop");
                assertTrue(System.nanoTime() - start < 5_000_000_000L, "stopped well before the 10 s timeout");
                assertTrue(screen.contains("proxyctl diff: GET http://127.0.0.1:" + silent.getLocalPort()
                        + "/config_dump?include_eds: interrupted"), screen);
            }
            t.type("exit");
            t.keys("Enter");
        }
    }

    @Test
    void completionCommandsCtrlCConnectHistoryAndCtrlD() throws Exception {
        try (ConfigDumpServer admin = new ConfigDumpServer(resource("config_dump.json"));
             Tmux t = startShell()) {
            String screen = t.screen();
            assertTrue(screen.startsWith("proxyctl shell: Tab completes"), screen);

            // Tab completes the command and a config file name
            t.type("val");
            t.keys("Tab");
            t.awaitLastLine("proxyctl> validate");
            t.type("env");
            t.keys("Tab");
            t.awaitLastLine("proxyctl> validate envoy.yaml");
            t.keys("Enter");
            t.await(s -> s.contains("envoy.yaml: OK") && Tmux.lastLine(s).equals("proxyctl>"), "validate output, then a prompt");

            // option values complete from the command's model
            t.type("diff -o ");
            t.keys("Tab");
            screen = t.await(s -> s.contains("unified"), "-o candidates");
            assertTrue(screen.contains("json") && screen.contains("text"), screen);

            // admin subcommands complete too
            t.keys("C-c");
            t.await(s -> Tmux.lastLine(s).equals("proxyctl>"), "an empty prompt");
            t.type("admin cl");
            t.keys("Tab");
            t.awaitLastLine("proxyctl> admin clusters");

            // Ctrl-C drops the half-typed line and gives a fresh prompt
            t.keys("C-c");
            t.await(s -> Tmux.lastLine(s).equals("proxyctl>"), "an empty prompt after Ctrl-C");
            t.type("validate envoy.yaml --strict");
            t.awaitLastLine("proxyctl> validate envoy.yaml --strict");
            t.keys("C-c");
            screen = t.await(s -> Tmux.lastLine(s).equals("proxyctl>"), "an empty prompt after Ctrl-C");
            assertFalse(screen.contains("--strict\nenvoy.yaml: OK"), "the cancelled line did not run");

            // connect is remembered in the prompt; the file compares equal with the instance that serves it
            t.type("connect 127.0.0.1:" + admin.port());
            t.keys("Enter");
            t.awaitLastLine("proxyctl 127.0.0.1:" + admin.port() + ">");
            t.type("diff envoy.yaml " + admin.url());
            t.keys("Enter");
            t.await(s -> s.contains("envoy.yaml and " + admin.url() + " are equivalent"), "diff against the instance");

            // admin commands go to the connected endpoint without --address
            int before = admin.requests().size();
            t.type("admin config-dump");
            t.keys("Enter");
            t.await(s -> s.contains("listener_0") && s.contains("local_route")
                    && Tmux.lastLine(s).startsWith("proxyctl 127.0.0.1:"), "the config dump inventory");
            assertTrue(admin.requests().size() > before && admin.requests().get(before).startsWith("GET /config_dump"),
                    admin.requests().toString());

            // commands that cannot run inside the shell say so, and errors do not end the shell
            t.type("shell");
            t.keys("Enter");
            t.await(s -> s.contains("'shell' is not available inside the shell"), "refusal");
            t.type("diff envoy.yaml missing.yaml");
            t.keys("Enter");
            t.await(s -> s.contains("proxyctl diff: missing.yaml: no such file")
                    && Tmux.lastLine(s).startsWith("proxyctl 127.0.0.1:"), "error message, then a prompt");

            // Up recalls the previous command
            t.keys("Up");
            t.awaitLastLine("> diff envoy.yaml missing.yaml");
            t.keys("C-c");
            t.await(s -> Tmux.lastLine(s).equals("proxyctl 127.0.0.1:" + admin.port() + ">"), "an empty prompt");

            // Ctrl-D on an empty line leaves the shell, and the JVM exits
            t.keys("C-d");
            t.await(s -> {
                try {
                    return t.dead();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "the shell to exit");
        }
        String history = Files.readString(dir.resolve(".proxyctl_history"));
        assertTrue(history.contains("validate envoy.yaml"), history);
        assertTrue(history.contains("connect 127.0.0.1:"), history);
        assertFalse(history.contains("--strict"), "cancelled lines are not history: " + history);

        // history persists into the next session
        try (Tmux t = startShell()) {
            t.keys("Up");
            t.awaitLastLine("proxyctl> diff envoy.yaml missing.yaml");
            t.keys("C-c");
            t.await(s -> Tmux.lastLine(s).equals("proxyctl>"), "an empty prompt");
            t.type("exit");
            t.keys("Enter");
            t.await(s -> {
                try {
                    return t.dead();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "exit");
        }
    }
}
