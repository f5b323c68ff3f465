package io.proxyctl.config.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlLoaderTest {
    private static Diagnostic only(LoadResult r) {
        assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
        return r.diagnostics().get(0);
    }

    @Test
    void keepsPositionsOfKeysAndValues() {
        LoadResult r = YamlLoader.loadText("a.yaml", "admin:\n  address:\n    socket_address: { address: 127.0.0.1, port_value: 9901 }\n");
        assertTrue(r.ok());
        SourceMap m = r.source().sourceMap();
        assertEquals(new Position(1, 1), m.key("/admin"));
        assertEquals(new Position(2, 3), m.key("/admin/address"));
        assertEquals(new Position(3, 43), m.key("/admin/address/socket_address/port_value"));
        assertEquals(new Position(3, 55), m.value("/admin/address/socket_address/port_value"));
        assertEquals(9901L, JsonPointer.resolve(r.source().root(), "/admin/address/socket_address/port_value"));
        // a missing node falls back to its nearest ancestor
        assertEquals(new Position(3, 21), m.value("/admin/address/socket_address/missing"));
    }

    @Test
    void resolvesScalarsLikeEnvoy() {
        LoadResult r = YamlLoader.loadText("a.yaml", """
                a: 1
                b: 2.5
                c: true
                d: "30s"
                e: ~
                g: 99999999999999999999999
                h: 2001-12-14
                i: 0x1F
                """);
        Map<?, ?> root = (Map<?, ?>) r.source().root();
        assertEquals(1L, root.get("a"));
        assertEquals(2.5, root.get("b"));
        assertEquals(true, root.get("c"));
        assertEquals("30s", root.get("d"));
        assertNull(root.get("e"));
        assertEquals("99999999999999999999999", root.get("g"));
        assertEquals("2001-12-14", root.get("h"));
        assertEquals(31L, root.get("i"));
    }

    @Test
    void honoursMergeKeysAndIgnoreTag() {
        LoadResult r = YamlLoader.loadText("a.yaml", """
                base: &b { connect_timeout: 1s, type: STATIC }
                c:
                  <<: *b
                  type: STRICT_DNS
                !ignore scratch: { x: 1 }
                """);
        assertTrue(r.ok(), r.diagnostics().toString());
        Map<?, ?> root = (Map<?, ?>) r.source().root();
        assertEquals(Map.of("connect_timeout", "1s", "type", "STRICT_DNS"), root.get("c"));
        assertFalse(root.containsKey("scratch"));
    }

    @Test
    void duplicateKeyIsAnErrorAtTheSecondKey() {
        Diagnostic d = only(YamlLoader.loadText("d.yaml", "a: 1\nb:\n  x: 1\n  x: 2\n"));
        assertEquals(DiagnosticCode.YAML_DUPLICATE_KEY, d.code());
        assertEquals(4, d.line());
        assertEquals(3, d.column());
        assertEquals("d.yaml", d.file());
    }

    @Test
    void syntaxErrorHasPosition() {
        Diagnostic d = only(YamlLoader.loadText("s.yaml", "a:\n  b: 1\n c: 2\n"));
        assertEquals(DiagnosticCode.YAML_SYNTAX, d.code());
        assertTrue(d.line() >= 2, d.toString());
    }

    @Test
    void aliasBombIsStopped() {
        StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            sb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                sb.append(i > 0 ? ", " : "").append('*').append(prev);
            }
            sb.append("]\n");
            prev = c;
        }
        long t0 = System.nanoTime();
        Diagnostic d = only(YamlLoader.loadText("bomb.yaml", sb.toString()));
        assertEquals(DiagnosticCode.YAML_ALIAS_LIMIT, d.code());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 5);
    }

    @Test
    void deepNestingIsStopped() {
        String doc = "a: " + "[".repeat(200) + "]".repeat(200) + "\n";
        assertEquals(DiagnosticCode.YAML_NESTING_LIMIT, only(YamlLoader.loadText("deep.yaml", doc)).code());
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            block.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        assertEquals(DiagnosticCode.YAML_NESTING_LIMIT, only(YamlLoader.loadText("deep2.yaml", block.toString())).code());
    }

    @Test
    void emptyCommentsOnlyAndNonMappingRoots() {
        assertEquals(DiagnosticCode.FILE_EMPTY, only(YamlLoader.loadText("e.yaml", "")).code());
        assertEquals(DiagnosticCode.FILE_EMPTY, only(YamlLoader.loadText("e.yaml", "# nothing\n\n")).code());
        assertEquals(DiagnosticCode.ROOT_NOT_OBJECT, only(YamlLoader.loadText("l.yaml", "- a\n- b\n")).code());
        assertEquals(DiagnosticCode.YAML_MULTIPLE_DOCUMENTS, only(YamlLoader.loadText("m.yaml", "a: 1\n---\nb: 2\n")).code());
    }

    @Test
    void binaryAndUnsupportedTags() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d};
        assertEquals(DiagnosticCode.FILE_BINARY, only(YamlLoader.load("x.png", png)).code());
        assertEquals(DiagnosticCode.FILE_BINARY, only(YamlLoader.load("z.yaml", "a: 1\0".getBytes(StandardCharsets.UTF_8))).code());
        Diagnostic d = only(YamlLoader.loadText("t.yaml", "a: !!python/object:os.system ls\n"));
        assertEquals(DiagnosticCode.YAML_UNSUPPORTED_TAG, d.code());
        assertEquals(1, d.line());
    }

    @Test
    void pathsAndStdin(@TempDir Path dir) throws Exception {
        assertEquals(DiagnosticCode.FILE_UNREADABLE,
                only(YamlLoader.loadArgument(dir.toString(), InputStream.nullInputStream())).code());
        assertEquals(DiagnosticCode.FILE_NOT_FOUND,
                only(YamlLoader.loadArgument(dir.resolve("nope.yaml").toString(), InputStream.nullInputStream())).code());
        Path f = dir.resolve("ok.json");
        Files.writeString(f, "{\"admin\": {\"address\": {\"socket_address\": {\"address\": \"127.0.0.1\", \"port_value\": 9901}}}}");
        assertTrue(YamlLoader.loadArgument(f.toString(), InputStream.nullInputStream()).ok());
        LoadResult in = YamlLoader.loadArgument("-", new ByteArrayInputStream("a: 1\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(in.ok());
        assertEquals(YamlLoader.STDIN, in.source().name());
    }

    @Test
    void pointerHelpers() {
        assertEquals("static_resources.clusters[0].name", JsonPointer.toFieldPath("/static_resources/clusters/0/name"));
        assertEquals(List.of("a/b", "c~d"), JsonPointer.tokens("#/a~1b/c~0d"));
        assertEquals("/a/x~1y", JsonPointer.child("/a", "x/y"));
    }

    @Test
    void longUnbrokenTokensAreRefusedButMinifiedJsonIsNot() {
        Diagnostic d = only(YamlLoader.loadText("long.yaml", "a:\n  b: " + "x".repeat((1 << 20) + 1) + "\n"));
        assertEquals(DiagnosticCode.FILE_TOO_LARGE, d.code());
        assertEquals(new Position(2, 6), new Position(d.line(), d.column()));
        StringBuilder json = new StringBuilder("{\"a\":[");
        for (int i = 0; i < 60_000; i++) {
            json.append(i > 0 ? "," : "").append("{\"k\":\"v").append(i).append("\"}");
        }
        assertTrue(YamlLoader.loadText("min.json", json.append("]}").toString()).ok());
    }

    private interface InputStream {
        static java.io.InputStream nullInputStream() {
            return java.io.InputStream.nullInputStream();
        }
    }
}
