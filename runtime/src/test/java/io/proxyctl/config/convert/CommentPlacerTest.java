package io.proxyctl.config.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CommentPlacerTest {
    static ConfigSource load(String text) {
        LoadResult r = YamlLoader.loadText("t.yaml", text);
        assertTrue(r.ok(), () -> r.diagnostics().toString());
        return r.source();
    }

    /** Rewrites a text through its own tree (the identity conversion of a v3 file). */
    static String rewrite(String text) {
        ConfigSource s = load(text);
        return CommentPlacer.write(s.root(), text, p -> s.sourceMap().key(p).line());
    }

    static List<String> comments(String text) {
        List<String> out = new ArrayList<>();
        for (YamlComments.Block b : YamlComments.of(text).blocks()) {
            b.lines().stream().filter(l -> !l.isEmpty()).forEach(out::add);
        }
        YamlComments.of(text).trailing().forEach(t -> out.add(t.text()));
        return out;
    }

    @Test
    void commentsStayWithTheirEntries() {
        String text = """
                # head comment
                # yaml-language-server: $schema=x

                admin:   # trailing admin
                  # before address
                  address: {socket_address: {address: "1#2", port_value: 1}}  # tr2
                  text: |
                    # not a comment
                    line
                  list:
                  - a   # item a


                  # before b
                  - b
                  - name: c  # named c
                    value: 1
                # final
                """;
        assertEquals("""
                # head comment
                # yaml-language-server: $schema=x

                admin:  # trailing admin
                  # before address
                  address:  # tr2
                    socket_address:
                      address: 1#2
                      port_value: 1
                  text: |
                    # not a comment
                    line
                  list:
                  - a  # item a

                  # before b
                  - b
                  - name: c  # named c
                    value: 1
                # final
                """, rewrite(text));
    }

    /** A blank line after a multi-line string survives (the scanner counts it into the block scalar). */
    @Test
    void blankLinesAfterBlockScalarsAreStable() {
        String text = "a:\n  code: \"line 1\\nline 2\\n\"\n\nb: 1\nc: |+\n  kept\n\nd: 2\n";
        String once = rewrite(text);
        assertEquals("a:\n  code: |\n    line 1\n    line 2\n\nb: 1\nc: |+\n  kept\n\nd: 2\n", once);
        assertEquals(load(text).root(), load(once).root());
        assertEquals(once, rewrite(once));
    }

    @Test
    void entriesThatMovedAwayTakeCommentsToTheNextSurvivingLine() {
        String text = """
                a: 1
                # about b, which the rewrite drops
                b: 2  # trailing b
                c: 3
                """;
        ConfigSource s = load(text);
        Map<String, Object> rewritten = new LinkedHashMap<>();
        rewritten.put("a", 1L);
        rewritten.put("c", 3L);
        rewritten.put("added", true);
        String out = CommentPlacer.write(rewritten, text, p -> p.equals("/added") ? 0 : s.sourceMap().key(p).line());
        assertEquals("""
                a: 1
                # about b, which the rewrite drops
                # trailing b
                c: 3
                added: true
                """, out);
    }

    @Test
    void commentsWithNowhereToGoEndTheDocument() {
        String text = "a: 1\nb: 2  # on b\n";
        ConfigSource s = load(text);
        String out = CommentPlacer.write(Map.of("a", 1L), text, p -> s.sourceMap().key(p).line());
        assertEquals("a: 1\n# on b\n", out);
    }

    /** Every comment of every corpus file survives, in order, and a second rewrite changes nothing. */
    @Test
    void corpusCommentsSurviveAndRewritingIsStable() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources/configs"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        int withComments = 0;
        for (Path f : files) {
            String text = Files.readString(f);
            if (!YamlLoader.loadText(f.toString(), text).ok()) {
                continue;
            }
            String once = rewrite(text);
            assertEquals(load(text).root(), load(once).root(), f + ": same tree");
            assertEquals(comments(text), comments(once), f + ": same comments in the same order");
            assertEquals(once, rewrite(once), f + ": stable");
            if (!comments(text).isEmpty()) {
                withComments++;
            }
        }
        assertTrue(withComments >= 3, "corpus files with comments: " + withComments);
    }
}
