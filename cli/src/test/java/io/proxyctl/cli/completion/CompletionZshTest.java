package io.proxyctl.cli.completion;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyctl.cli.CliRunner;
import io.proxyctl.cli.Shells;
import io.proxyctl.cli.Tmux;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proxyctl completion zsh} in a real interactive zsh (in tmux), set up the way completions/README.md says:
 * compinit, then the script (which enables bashcompinit). Skipped where zsh is not installed.
 */
class CompletionZshTest {
    @TempDir
    Path dir;

    @Test
    void tabInAnInteractiveZsh() throws Exception {
        assumeTrue(Shells.available("zsh") && Shells.available("tmux"), "zsh or tmux is not installed");
        Files.writeString(dir.resolve("proxyctl.zsh"), CliRunner.run("completion", "zsh").out());
        Files.writeString(dir.resolve("envoy.yaml"), "admin: {}\n");
        Files.writeString(dir.resolve("envoy-v2.yaml"), "admin: {}\n");
        Files.writeString(dir.resolve(".zshrc"), "PS1='zsh> '\nautoload -U +X compinit && compinit -u\nsource "
                + Shells.quote(dir.resolve("proxyctl.zsh").toString()) + "\n");
        try (Tmux t = new Tmux(dir, "ZDOTDIR=" + Shells.quote(dir.toString()) + " exec zsh -i")) {
            t.awaitLastLine("zsh>");
            t.type("proxyctl dif");
            t.keys("Tab");
            t.awaitLastLine("zsh> proxyctl diff");
            t.type("-o ");
            t.awaitLastLine("zsh> proxyctl diff -o");
            t.keys("Tab");
            String screen = t.await(s -> s.contains("unified"), "format candidates");
            assertTrue(screen.contains("json") && screen.contains("text"), screen);
            t.keys("C-u");
            t.type("proxyctl convert envoy-");
            t.keys("Tab");
            t.awaitLastLine("zsh> proxyctl convert envoy-v2.yaml");
            t.keys("C-u");
        }
    }
}
