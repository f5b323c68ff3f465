package io.proxyctl.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.cli.Shells;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell reading commands from a pipe (no terminal): scripts work, and end at end of input. */
class ShellPipeTest {
    @TempDir
    Path dir;

    @Test
    void commandsFromAPipe() throws Exception {
        Files.writeString(dir.resolve("envoy.yaml"), ShellTerminalTest.resource("envoy.yaml"));
        List<String> cmd = new ArrayList<>(Shells.javaCommand("io.proxyctl.cli.Main"));
        cmd.add(1, "-Duser.home=" + dir);
        cmd.add("shell");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().write("validate envoy.yaml\nconnect 127.0.0.1:9901\nconnect\nrun\nhelp\ndiff envoy.yaml envoy.yaml\n"
                .getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("envoy.yaml: OK"), out);
        assertTrue(out.contains("admin commands now go to 127.0.0.1:9901"), out);
        assertTrue(out.contains("connected to 127.0.0.1:9901"), out);
        assertTrue(out.contains("'run' is not available inside the shell"), out);
        assertTrue(out.contains("envoy.yaml and envoy.yaml are equivalent"), out);
        assertTrue(out.contains("Shell commands:") && out.contains("  connect HOST:PORT"), out);
        assertTrue(out.contains("  diff ") && out.contains("  convert "), "help lists proxyctl's commands: " + out);
        assertFalse(out.contains("WARNING") || out.contains("Exception"), out);
        assertTrue(Files.readString(dir.resolve(".proxyctl_history")).contains("diff envoy.yaml envoy.yaml"));
    }
}
