package io.proxyctl.cli.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyctl.cli.Shells;
import io.proxyctl.cli.Tmux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed completion script, sourced in a real bash and driven the way readline drives it. */
class CompletionBashTest {
    @TempDir
    static Path dir;
    static Path script;

    @BeforeAll
    static void files() throws IOException {
        script = CompletionScriptTest.COMMITTED.toAbsolutePath().normalize();
        Files.writeString(dir.resolve("envoy.yaml"), "admin: {}\n");
        Files.writeString(dir.resolve("envoy-v2.yaml"), "admin: {}\n");
        Files.writeString(dir.resolve("other.json"), "{}\n");
        Files.createDirectory(dir.resolve("configs"));
    }

    /**
     * Completes {@code line} (the text before the cursor) as bash would on Tab: COMP_WORDS, COMP_CWORD, COMP_LINE
     * and COMP_POINT set, the completion function called, COMPREPLY returned sorted.
     */
    static List<String> complete(String line) throws IOException, InterruptedException {
        List<String> words = new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
        if (line.endsWith(" ")) {
            words.add("");
        }
        StringBuilder w = new StringBuilder();
        for (String s : words) {
            w.append(Shells.quote(s)).append(' ');
        }
        String program = "source " + Shells.quote(script.toString()) + "\n"
                + "COMP_WORDS=(" + w + ")\n"
                + "COMP_CWORD=" + (words.size() - 1) + "\n"
                + "COMP_LINE=" + Shells.quote(line) + "\n"
                + "COMP_POINT=${#COMP_LINE}\n"
                + "_complete_proxyctl\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Shells.Run r = Shells.run(dir, List.of("bash", "--norc", "--noprofile", "-c", program));
        assertEquals(0, r.exitCode(), r.err());
        return r.out().lines().filter(s -> !s.isEmpty()).sorted().toList();
    }

    @Test
    void subcommands() throws Exception {
        List<String> all = complete("proxyctl ");
        assertTrue(all.containsAll(List.of("validate", "diff", "completion", "help")), all::toString);
        assertEquals(List.of("diff"), complete("proxyctl di"));
        assertEquals(List.of("validate"), complete("proxyctl val"));
        assertTrue(complete("proxyctl help ").containsAll(List.of("validate", "diff")));
        List<String> admin = complete("proxyctl admin ");
        assertTrue(admin.containsAll(List.of("clusters", "listeners", "routes", "stats", "config-dump", "ready")), admin::toString);
        assertEquals(List.of("clusters", "config-dump"), complete("proxyctl admin c"));
    }

    @Test
    void options() throws Exception {
        assertEquals(List.of("--color", "--context", "--help", "--output", "--verbose", "--version", "-U", "-V", "-h", "-o"),
                complete("proxyctl diff -"));
        assertEquals(List.of("--output"), complete("proxyctl diff --ou"));
        assertTrue(complete("proxyctl validate --").containsAll(List.of("--strict", "--list-codes", "--output")));
    }

    @Test
    void optionValues() throws Exception {
        assertEquals(List.of("json", "text", "unified"), complete("proxyctl diff -o "));
        assertEquals(List.of("unified"), complete("proxyctl diff --output u"));
        assertEquals(List.of("json", "text"), complete("proxyctl validate -o "));
        assertEquals(List.of("always", "auto", "never"), complete("proxyctl diff --color "));
        assertEquals(List.of("bash", "zsh"), complete("proxyctl completion "));
    }

    @Test
    void configFileNames() throws Exception {
        assertEquals(List.of("envoy-v2.yaml", "envoy.yaml"), complete("proxyctl diff env"));
        assertEquals(List.of("other.json"), complete("proxyctl diff envoy.yaml o"));
        assertEquals(List.of("configs"), complete("proxyctl validate con"));
        assertEquals(List.of("envoy.yaml"), complete("proxyctl diff -o json envoy."));
        assertEquals(List.of("envoy-v2.yaml", "envoy.yaml"), complete("proxyctl convert env"));
        assertEquals(List.of("other.json"), complete("proxyctl convert envoy-v2.yaml -o ot"));
    }

    /** A real interactive bash in a terminal: Tab completes as the user sees it. */
    @Test
    void tabInAnInteractiveBash() throws Exception {
        assumeTrue(Shells.available("tmux"), "tmux is not installed");
        Files.writeString(dir.resolve("rc"), "PS1='$ '\nsource " + Shells.quote(script.toString()) + "\n");
        try (Tmux t = new Tmux(dir, "bash --noprofile --rcfile " + Shells.quote(dir.resolve("rc").toString()) + " -i")) {
            t.awaitLastLine("$");
            t.type("proxyctl dif");
            t.keys("Tab");
            t.awaitLastLine("$ proxyctl diff ");
            t.type("-o ");
            t.awaitLastLine("$ proxyctl diff -o");
            t.keys("Tab", "Tab");
            String screen = t.await(s -> s.contains("unified"), "format candidates");
            assertTrue(screen.contains("json") && screen.contains("text"), screen);
            t.type("j");
            t.keys("Tab");
            t.awaitLastLine("$ proxyctl diff -o json");
            t.type("envoy-");
            t.awaitLastLine("$ proxyctl diff -o json envoy-");
            t.keys("Tab");
            t.awaitLastLine("$ proxyctl diff -o json envoy-v2.yaml");
            t.type("x");
            t.awaitLastLine("$ proxyctl diff -o json envoy-v2.yaml x");
            t.keys("C-c");
        }
    }
}
