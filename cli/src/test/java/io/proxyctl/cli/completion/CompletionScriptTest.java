package io.proxyctl.cli.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.cli.CliRunner;
import io.proxyctl.cli.ProxyctlCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CompletionScriptTest {
    /** The committed script, relative to the cli module (surefire's working directory). */
    static final Path COMMITTED = Path.of("..", "completions", "proxyctl.bash");

    /** Fails when a command or option changed and completions/proxyctl.bash was not regenerated. */
    @Test
    void committedScriptMatchesTheCommandTree() throws IOException {
        String expected = CompletionScript.bash(ProxyctlCommand.commandLine());
        String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
        assertEquals(expected, committed, "completions/proxyctl.bash is out of date with the command tree. Regenerate:\n"
                + "  mvn -q -DskipTests package && java -jar cli/target/proxyctl.jar completion bash > completions/proxyctl.bash");
    }

    @Test
    void completionCommandPrintsTheScript() throws IOException {
        CliRunner.Result bash = CliRunner.run("completion", "bash");
        assertEquals(0, bash.exitCode());
        assertEquals(Files.readString(COMMITTED, StandardCharsets.UTF_8), bash.out());
        assertFalse(bash.out().contains("\r"), "no platform line separators in the script");
        assertEquals(bash.out(), CliRunner.run("completion").out(), "bash is the default");
        CliRunner.Result zsh = CliRunner.run("completion", "zsh");
        assertEquals(0, zsh.exitCode());
        assertTrue(zsh.out().endsWith(bash.out()));
        assertTrue(zsh.out().contains("bashcompinit"));
        assertEquals(2, CliRunner.run("completion", "fish").exitCode());
    }

    @Test
    void configArgumentsCompleteFileNames() {
        String script = CompletionScript.bash(ProxyctlCommand.commandLine());
        for (String sub : CompletionScript.FILE_ARGUMENTS) {
            if (ProxyctlCommand.commandLine().getSubcommands().containsKey(sub)) {
                int start = script.indexOf("function _picocli_proxyctl_" + sub + "() {");
                String body = script.substring(start, script.indexOf("\n}\n", start));
                assertTrue(body.contains("compgen -f -- \"${curr_word}\""), sub);
            }
        }
    }
}
