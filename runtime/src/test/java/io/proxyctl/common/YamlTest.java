package io.proxyctl.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class YamlTest {
    static Object reload(String yaml) {
        LoadResult r = YamlLoader.loadText("t.yaml", yaml);
        assertTrue(r.ok(), () -> r.diagnostics() + "\n" + yaml);
        return r.source().root();
    }

    @Test
    void envoyHouseStyle() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "backend");
        m.put("domains", List.of("*"));
        m.put("typed_config", Map.of("@type", "type.googleapis.com/x.v3.Y"));
        m.put("empty", Map.of());
        m.put("none", List.of());
        assertEquals("""
                name: backend
                domains:
                - "*"
                typed_config:
                  "@type": type.googleapis.com/x.v3.Y
                empty: {}
                none: []
                """, Yaml.write(m));
    }

    @Test
    void scalarsThatWouldChangeTypeAreQuoted() {
        List<String> strings = List.of("true", "False", "yes", "on", "y", "N", "null", "~", "", " lead", "trail ", "123",
                "0x1F", "1e3", "1_000", "1:20", ".inf", "-", "- x", "a: b", "a #b", "#c", "@x", "*", "&a", "!tag", "|",
                ">", "'q'", "\"dq\"", "%", "`", "{x}", "[y]", "key:", "tab\there", "nl\nx", "cr\rx", "\u0007bell",
                "ünïcödé", "30s", "0.25s", "/path/to", "www.google.com", "<<", "=", "?", "?x", ",x", "\uFEFFbom");
        List<Object> values = new ArrayList<>(strings);
        values.addAll(List.of(0L, -5L, 9_223_372_036_854_775_807L, 0.25, 1e20, -3.0, true, false));
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("values", values);
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String s : strings) {
            if (!s.isEmpty() && !s.equals("<<")) {
                keys.put(s, s);
            }
        }
        tree.put("keys", keys);
        assertEquals(tree, reload(Yaml.write(tree)));
    }

    @Test
    void multiLineStringsAreLiteralBlocks() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inline_code", "function envoy_on_request(h)\n  h:logInfo(\"hi\")\nend\n");
        m.put("no_final_newline", "a\nb");
        m.put("two_final_newlines", "a\n\n");
        m.put("inner_blank", "a\n\nb\n");
        m.put("trailing_space", "a \nb\n");
        m.put("leading_space", " a\nb\n");
        String y = Yaml.write(m);
        assertTrue(y.startsWith("inline_code: |\n  function envoy_on_request(h)\n    h:logInfo(\"hi\")\n  end\n"), y);
        assertEquals(m, reload(y));
    }

    @Test
    void commentsArePlacedByPointer() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", "c1");
        item.put("type", "STATIC");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clusters", List.of(item));
        m.put("admin", Map.of("port", 1L));
        Yaml.Comments c = new Yaml.Comments() {
            @Override
            public List<String> before(String p) {
                return switch (p) {
                    case "/clusters" -> List.of("# the clusters");
                    case "/clusters/0/name" -> List.of("# first cluster");
                    case "/clusters/0/type" -> List.of("", "# its type");
                    default -> List.of();
                };
            }

            @Override
            public String trailing(String p) {
                return p.equals("/admin/port") ? "# the port" : p.equals("/clusters/0/name") ? "# named" : null;
            }

            @Override
            public List<String> atEnd() {
                return List.of("# end");
            }
        };
        String y = Yaml.write(m, c);
        assertEquals("""
                # the clusters
                clusters:
                # first cluster
                - name: c1  # named

                  # its type
                  type: STATIC
                admin:
                  port: 1  # the port
                # end
                """, y);
        assertEquals(m, reload(y));
    }

    /** Every config of the corpus survives load, write, load. */
    @Test
    void corpusRoundTrips() throws IOException {
        Path corpus = Path.of("src/test/resources/configs");
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 20, "corpus files: " + files.size());
        for (Path f : files) {
            LoadResult r = YamlLoader.load(f.toString(), Files.readAllBytes(f));
            if (!r.ok()) {
                continue;
            }
            Object tree = r.source().root();
            String once = Yaml.write(tree);
            assertEquals(tree, reload(once), f.toString());
            assertEquals(once, Yaml.write(reload(once)), f + ": writing is stable");
        }
    }
}
