package io.proxyctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.cli.CliRunner;
import io.proxyctl.config.check.SemanticChecker;
import io.proxyctl.config.convert.ConfigConverter;
import io.proxyctl.config.diff.ConfigDiff;
import io.proxyctl.config.diff.ResourceSet;
import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.schema.ApiVersion;
import io.proxyctl.config.schema.SchemaValidator;
import io.proxyctl.config.upgrade.V2Detector;
import io.proxyctl.config.upgrade.V2Upgrader;
import io.proxyctl.config.validate.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
    /** The shared corpus, kept in the runtime module's test resources (the samples are in ../samples). */
    static final Path CONFIGS = Path.of("..", "runtime", "src", "test", "resources", "configs");
    static final Path GETTING_STARTED = CONFIGS.resolve("getting-started/envoy.yaml");

    @TempDir
    Path dir;

    static String resource(String name) throws IOException {
        try (InputStream in = ConvertCommandTest.class.getResourceAsStream("/io/proxyctl/cli/convert/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The text loads, matches the v3 schema, passes Envoy's load-time checks and is not v2. */
    static void assertCleanV3(String name, String text) {
        LoadResult r = YamlLoader.loadText(name, text);
        assertTrue(r.ok(), () -> r.diagnostics().toString());
        ConfigSource s = r.source();
        List<Diagnostic> schema = SchemaValidator.shared().validate(s, ApiVersion.V3);
        assertEquals(List.of(), schema, name + ": schema errors");
        List<Diagnostic> semantic = SemanticChecker.check(s).stream().filter(Diagnostic::isError).toList();
        assertEquals(List.of(), semantic, name + ": Envoy load-time errors");
        assertFalse(V2Detector.detect(s).v2(), name + ": still v2");
    }

    /** Clean v3 that also uses no field deprecated in v3. */
    static void assertCurrentV3(String name, String text) {
        assertCleanV3(name, text);
        ConfigSource s = YamlLoader.loadText(name, text).source();
        assertEquals(List.of(), SchemaValidator.shared().deprecations(s, ApiVersion.V3), name + ": deprecated fields");
    }

    @Test
    void gettingStartedConvertsToCleanV3() throws IOException {
        CliRunner.Result r = CliRunner.run("convert", GETTING_STARTED.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertCurrentV3("out.yaml", r.out());
        String f = GETTING_STARTED.toString();
        List<String> err = r.err().lines().toList();
        assertEquals(6, err.size(), r.err());
        assertTrue(err.get(0).startsWith(f + ":2: access_log_path -> access_log[0]"), err.get(0));
        assertTrue(err.get(1).startsWith(f + ":20: envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager -> "
                + "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager ("), err.get(1));
        assertTrue(err.get(2).startsWith(f + ":31: host_rewrite -> host_rewrite_literal ("), err.get(2));
        assertTrue(err.get(3).startsWith(f + ":34: typed_config added to HTTP filter 'envoy.filters.http.router'"), err.get(3));
        assertTrue(err.get(4).startsWith(f + ":54: envoy.api.v2.auth.UpstreamTlsContext -> "), err.get(4));
        assertTrue(err.stream().limit(5).allMatch(l -> l.endsWith(")")), "every change says why");
        assertEquals(f + ": v2 -> v3, 5 changes", err.get(5));
        assertTrue(r.out().contains("""
                    type: LOGICAL_DNS
                    # Comment out the following line to test on v6 networks
                    dns_lookup_family: V4_ONLY
                """), "the comment stays above its line:\n" + r.out());
    }

    @Test
    void convertingTwiceChangesNothing() throws IOException {
        Path once = dir.resolve("once.yaml");
        assertEquals(0, CliRunner.run("convert", GETTING_STARTED.toString(), "-o", once.toString()).exitCode());
        Path twice = dir.resolve("twice.yaml");
        CliRunner.Result r = CliRunner.run("convert", once.toString(), "-o", twice.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(once + ": already v3, nothing to change; wrote " + twice + "\n", r.err());
        assertEquals(Files.readString(once), Files.readString(twice));
        // and the converted file is the same configuration as the original
        assertEquals(0, CliRunner.run("diff", GETTING_STARTED.toString(), once.toString()).exitCode());
    }

    @Test
    void commentsSurviveMovedFields() throws IOException {
        Path in = dir.resolve("shop.yaml");
        Files.writeString(in, resource("commented-v2.yaml"));
        CliRunner.Result r = CliRunner.run("convert", in.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertCurrentV3("shop-v3.yaml", r.out());
        for (String comment : List.of("# Front proxy for the shop (v2 API, Envoy 1.13).", "# no admin access log",
                "# the HTTP connection manager", "# close idle downstream connections", "# the legacy API is matched by regex",
                "# API servers, over TLS", "# the API VIP", "# end of config")) {
            assertTrue(r.out().contains(comment), comment + " missing:\n" + r.out());
        }
        assertTrue(r.out().contains("\n              # the legacy API is matched by regex\n              - match:\n"
                + "                  safe_regex:\n"), r.out());
        assertTrue(r.out().contains("  # API servers, over TLS\n  - name: api\n"), r.out());
        assertTrue(r.out().contains("common_http_protocol_options:  # close idle downstream connections\n"), r.out());
        assertTrue(r.out().endsWith("# end of config\n"), r.out());
        assertTrue(r.err().contains(in + ":26: regex -> safe_regex ("), r.err());
        assertTrue(r.err().contains(in + ":37: hosts -> load_assignment (1 endpoint) ("), r.err());
        assertTrue(r.err().contains(in + ":39: tls_context -> transport_socket"), r.err());
        assertTrue(r.err().endsWith(in + ": v2 -> v3, 11 changes\n"), r.err());
        Path out = dir.resolve("shop-v3.yaml");
        Files.writeString(out, r.out());
        CliRunner.Result again = CliRunner.run("convert", out.toString());
        assertEquals(r.out(), again.out(), "stable");
    }

    /**
     * Every v2 config of the corpus converts to clean v3 (fields that v3 merely deprecates, such as Lua
     * inline_code in the synthetic all-rules file, may remain); every v3 config converts to an equal document.
     */
    @Test
    void corpus() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Stream.concat(Files.walk(CONFIGS), Files.list(Path.of("..", "samples")))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        int v2 = 0;
        for (Path f : files) {
            CliRunner.Result r = CliRunner.run("convert", f.toString());
            assertEquals(0, r.exitCode(), f + "\n" + r.err());
            if (r.out().startsWith("resources:")) {
                // an xDS resource file (lds.yaml, cds.yaml), not a bootstrap: v3 is all that can be asked
                assertFalse(V2Detector.detect(YamlLoader.loadText(f.toString(), r.out()).source()).v2(), f.toString());
            } else {
                assertCleanV3(f.toString(), r.out());
            }
            if (r.err().contains(": v2 -> v3, ")) {
                v2++;
            }
            // stability and equivalence through the runtime API (the command's own checks ran above)
            ConfigSource converted = YamlLoader.loadText("out.yaml", r.out()).source();
            assertEquals(r.out(), ConfigConverter.convert(converted, false).text(), f + ": stable");
            ConfigSource original = YamlLoader.load(f.toString(), Files.readAllBytes(f)).source();
            assertTrue(ConfigDiff.compare(ResourceSet.fromBootstrap(V2Upgrader.upgrade(original).source()),
                    ResourceSet.fromBootstrap(converted)).identical(), f + ": same configuration");
        }
        assertTrue(files.size() >= 30 && v2 >= 3, files.size() + " files, " + v2 + " v2");
    }

    @Test
    void jsonOutputWhenTheTargetIsJson() throws IOException {
        Path out = dir.resolve("envoy.json");
        CliRunner.Result r = CliRunner.run("convert", GETTING_STARTED.toString(), "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.out());
        JSONObject doc = new JSONObject(Files.readString(out));
        assertEquals("www.google.com", doc.getJSONObject("static_resources").getJSONArray("listeners").getJSONObject(0)
                .getJSONArray("filter_chains").getJSONObject(0).getJSONArray("filters").getJSONObject(0)
                .getJSONObject("typed_config").getJSONObject("route_config").getJSONArray("virtual_hosts").getJSONObject(0)
                .getJSONArray("routes").getJSONObject(0).getJSONObject("route").getString("host_rewrite_literal"));
        assertCleanV3("envoy.json", Files.readString(out));
    }

    @Test
    void inputAndOutputErrors() throws IOException {
        CliRunner.Result missing = CliRunner.run("convert", dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.exitCode());
        assertEquals("proxyctl convert: " + dir.resolve("nope.yaml") + ": no such file\n", missing.err());
        Path dump = dir.resolve("dump.json");
        Files.writeString(dump, "{\"configs\": [{\"@type\": \"type.googleapis.com/envoy.admin.v3.ClustersConfigDump\"}]}");
        CliRunner.Result notBootstrap = CliRunner.run("convert", dump.toString());
        assertEquals(2, notBootstrap.exitCode());
        assertTrue(notBootstrap.err().contains("is an admin config dump"), notBootstrap.err());
        CliRunner.Result unwritable = CliRunner.run("convert", GETTING_STARTED.toString(), "-o",
                dir.resolve("no/such/dir/out.yaml").toString());
        assertEquals(2, unwritable.exitCode());
        assertTrue(unwritable.err().contains("proxyctl convert: cannot write "), unwritable.err());
        assertFalse(unwritable.err().contains("Exception"), unwritable.err());
    }

    @Test
    void notConvertibleInputFailsWithTheReason() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                static_resources:
                  clusters:
                  - name: c
                    connect_timeout: 1s
                    type: STATIC
                    hosts: [{socket_address: {address: 127.0.0.1, port_value: 1}}]
                    conect_timeout: 2s
                """);
        CliRunner.Result r = CliRunner.run("convert", bad.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("<stdout>:" + DiffCommandTest.lineOf(r.out(), "conect_timeout")
                + ":5: error[PX2001]: unknown field 'conect_timeout'"), r.err());
        assertTrue(r.out().contains("load_assignment:"), "the converted document is still written");
    }
}
