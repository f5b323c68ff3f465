package io.proxyctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    static final String VALID = """
            admin:
              address:
                socket_address: { address: 127.0.0.1, port_value: 9901 }
            """;

    @Test
    void validFileExitsZeroWithSummary(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("envoy.yaml");
        Files.writeString(f, VALID);
        CliRunner.Result r = CliRunner.run("validate", "--color=never", f.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains(f + ": OK"), r.out());
    }

    @Test
    void syntaxErrorIsCompilerStyleWithCaret(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "admin:\n  address: {\n");
        CliRunner.Result r = CliRunner.run("validate", "--color=never", f.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.out().startsWith(f + ":"), r.out());
        assertTrue(r.out().contains("error[PX1010]"), r.out());
        assertTrue(r.out().contains("^"), r.out());
        assertFalse(r.out().contains("\u001b["), "no colour when asked for none");
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void missingFileAndDirectoryAreUsageErrors(@TempDir Path dir) {
        CliRunner.Result missing = CliRunner.run("validate", dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.out().contains("nope.yaml: error[PX1001]: no such file"), missing.out());
        CliRunner.Result directory = CliRunner.run("validate", dir.toString());
        assertEquals(2, directory.exitCode());
        assertTrue(directory.out().contains("error[PX1002]"), directory.out());
    }

    @Test
    void jsonOutputIsOneDocument(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("dup.yaml");
        Files.writeString(f, "a: 1\na: 2\n");
        CliRunner.Result r = CliRunner.run("validate", "-o", "json", f.toString());
        assertEquals(1, r.exitCode());
        org.json.JSONObject doc = new org.json.JSONObject(r.out());
        assertEquals(f.toString(), doc.getString("file"));
        assertFalse(doc.getBoolean("valid"));
        org.json.JSONObject d = doc.getJSONArray("diagnostics").getJSONObject(0);
        assertEquals("PX1011", d.getString("code"));
        assertEquals("error", d.getString("severity"));
        assertEquals(2, d.getInt("line"));
        assertEquals(1, d.getInt("column"));
    }

    @Test
    void usageErrors() {
        assertEquals(2, CliRunner.run("validate").exitCode());
        assertEquals(2, CliRunner.run("validate", "--no-such-flag", "x").exitCode());
        assertEquals(2, CliRunner.run("validate", "-o", "xml", "x").exitCode());
    }

    @Test
    void listCodesExplainsEveryCode() {
        CliRunner.Result r = CliRunner.run("validate", "--list-codes");
        assertEquals(0, r.exitCode());
        for (var c : io.proxyctl.config.validate.DiagnosticCode.values()) {
            assertTrue(r.out().contains(c.id()), c.id());
        }
    }

    @Test
    void versionNamesJavaAndNetty() {
        CliRunner.Result r = CliRunner.run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("proxyctl "), r.out());
        assertTrue(r.out().contains("Java 17") || r.out().contains("Java "), r.out());
        assertTrue(r.out().matches("(?s).*Netty 4\\.2\\.\\d+.*"), r.out());
        assertTrue(r.out().contains("Transport " + io.proxyctl.transport.Transport.best().label() + " (run's default"),
                r.out());
    }
}
