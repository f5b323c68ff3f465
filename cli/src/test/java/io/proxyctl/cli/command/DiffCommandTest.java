package io.proxyctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.cli.CliRunner;
import io.proxyctl.cli.ConfigDumpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {
    @TempDir
    Path dir;
    String base;
    String dump;
    Path a;

    static String resource(String name) throws IOException {
        try (InputStream in = DiffCommandTest.class.getResourceAsStream("/io/proxyctl/cli/diff/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        base = resource("envoy.yaml");
        dump = resource("config_dump.json");
        a = write("a.yaml", base);
    }

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static int lineOf(String text, String needle) {
        int i = text.indexOf(needle);
        assertTrue(i >= 0, needle);
        return (int) text.substring(0, i).chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void equivalentFilesExitZero() throws IOException {
        Path b = write("b.yaml", base.replace("connect_timeout: 0.25s", "connectTimeout: 0.250s")
                .replace("type: STRICT_DNS", "type: strict_dns") + "# trailing comment\n");
        CliRunner.Result r = CliRunner.run("diff", "--color=never", a.toString(), b.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(a + " and " + b + " are equivalent (7 resources compared)\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void textOutputListsResourcesThenFieldsWithBothLines() throws IOException {
        String changed = base.replace("connect_timeout: 0.25s", "connect_timeout: 1s")
                .replace("- name: web\n", "- name: web2\n").replace("cluster_name: web", "cluster_name: web2");
        Path b = write("b.yaml", changed);
        CliRunner.Result r = CliRunner.run("diff", "--color=never", a.toString(), b.toString());
        assertEquals(1, r.exitCode(), r.err());
        int line = lineOf(base, "connect_timeout: 0.25s");
        String expected = "--- " + a + "\n+++ " + b + "\n"
                + "2 added, 2 removed, 1 modified (9 resources compared)\n"
                + "  ~ cluster api     " + a + ":" + lineOf(base, "- name: api") + "  " + b + ":" + lineOf(changed, "- name: api") + "\n"
                + "  - cluster web     " + a + ":" + lineOf(base, "- name: web") + "\n"
                + "  + cluster web2    " + b + ":" + lineOf(changed, "- name: web2") + "\n"
                + "  - endpoints web   " + a + ":" + (lineOf(base, "cluster_name: web") - 1) + "\n"
                + "  + endpoints web2  " + b + ":" + (lineOf(changed, "cluster_name: web2") - 1) + "\n"
                + "\n~ cluster api\n"
                + "    ~ connect_timeout: 0.25s -> 1s   [" + a + ":" + line + " | " + b + ":" + line + "]\n";
        assertEquals(expected, r.out());
    }

    @Test
    void defaultsAreShownForFieldsSetOnOneSide() throws IOException {
        Path b = write("b.yaml", base.replace("type: STATIC\n", "type: STATIC\n    connect_timeout: 2s\n"));
        CliRunner.Result r = CliRunner.run("diff", "--color=never", a.toString(), b.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.out().contains("    ~ connect_timeout: 5s (default) -> 2s   [" + a + ":" + lineOf(base, "- name: web")), r.out());
    }

    @Test
    void jsonOutputHasTheSameContent() throws IOException {
        String changed = base.replace("connect_timeout: 0.25s", "connect_timeout: 1s").replace("\"www.example.com\"", "\"api.example.com\"");
        Path b = write("b.yaml", changed);
        CliRunner.Result r = CliRunner.run("diff", "-o", "json", a.toString(), b.toString());
        assertEquals(1, r.exitCode(), r.err());
        JSONObject doc = new JSONObject(r.out());
        assertFalse(doc.getBoolean("identical"));
        assertEquals(7, doc.getInt("compared"));
        assertEquals(2, doc.getJSONObject("summary").getInt("modified"));
        JSONArray modified = doc.getJSONArray("modified");
        JSONObject route = modified.getJSONObject(0);
        assertEquals("route_config", route.getString("kind"));
        assertEquals("local_route", route.getString("name"));
        JSONObject removedDomain = route.getJSONArray("changes").getJSONObject(0);
        assertEquals("virtual_hosts[backend].domains", removedDomain.getString("path"));
        assertEquals("removed", removedDomain.getString("change"));
        assertEquals("www.example.com", removedDomain.getString("old"));
        JSONObject timeout = modified.getJSONObject(1).getJSONArray("changes").getJSONObject(0);
        assertEquals("connect_timeout", timeout.getString("path"));
        assertEquals("0.25s", timeout.getString("old"));
        assertEquals("1s", timeout.getString("new"));
        assertEquals(a.toString(), timeout.getJSONObject("a").getString("file"));
        assertEquals(lineOf(base, "connect_timeout"), timeout.getJSONObject("a").getInt("line"));
        assertTrue(r.out().endsWith("}\n"));
        assertFalse(r.out().contains("\u001b["));
    }

    @Test
    void jsonForIdenticalInputs() {
        CliRunner.Result r = CliRunner.run("diff", "-o", "json", a.toString(), a.toString());
        assertEquals(0, r.exitCode());
        JSONObject doc = new JSONObject(r.out());
        assertTrue(doc.getBoolean("identical"));
        assertEquals(0, doc.getJSONArray("modified").length());
    }

    @Test
    void unifiedDiffOfNormalisedYaml() throws IOException {
        Path b = write("b.yaml", base.replace("connect_timeout: 0.25s", "connect_timeout: 1.000s"));
        CliRunner.Result r = CliRunner.run("diff", "-o", "unified", "-U", "1", a.toString(), b.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("--- " + a + "\n+++ " + b + "\n@@ "), r.out());
        assertTrue(r.out().contains("\n-    connect_timeout: 0.25s\n+    connect_timeout: 1s\n"), r.out());
        assertEquals(7, r.out().lines().count(), r.out());
        Path same = write("same.yaml", base.replace("connect_timeout: 0.25s", "connect_timeout: 0.250s"));
        CliRunner.Result none = CliRunner.run("diff", "-o", "unified", a.toString(), same.toString());
        assertEquals(0, none.exitCode());
        assertEquals("", none.out());
    }

    @Test
    void savedConfigDumpComparesWithTheFile() throws IOException {
        Path d = write("dump.json", dump);
        CliRunner.Result r = CliRunner.run("diff", "--color=never", a.toString(), d.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("note: bootstrap settings"), r.out());
        Path d2 = write("dump2.json", dump.replace("\"port_value\": 8081", "\"port_value\": 9090"));
        CliRunner.Result changed = CliRunner.run("diff", "--color=never", a.toString(), d2.toString());
        assertEquals(1, changed.exitCode());
        assertTrue(changed.out().contains("  ~ endpoints web "), changed.out());
        assertTrue(changed.out().contains("    - endpoints[*].lb_endpoints[127.0.0.1:8081]: "), changed.out());
        assertTrue(changed.out().contains("    + endpoints[*].lb_endpoints[127.0.0.1:9090]: "), changed.out());
        assertTrue(changed.out().contains("[" + d2 + ":" + lineOf(dump, "\"port_value\": 8081") + "]"), changed.out());
    }

    @Test
    void fileAgainstRunningInstance() throws IOException {
        try (ConfigDumpServer admin = new ConfigDumpServer(dump)) {
            CliRunner.Result r = CliRunner.run("diff", "--color=never", a.toString(), admin.url());
            assertEquals(0, r.exitCode(), r.out() + r.err());
            assertEquals("GET /config_dump?include_eds", admin.requests().get(0));
            CliRunner.Result hostPort = CliRunner.run("diff", a.toString(), "127.0.0.1:" + admin.port());
            assertEquals(0, hostPort.exitCode(), hostPort.out() + hostPort.err());

            admin.respond(200, dump.replace("\"connect_timeout\": \"0.250s\"", "\"connect_timeout\": \"3s\""));
            CliRunner.Result changed = CliRunner.run("diff", "--color=never", a.toString(), admin.url());
            assertEquals(1, changed.exitCode());
            assertTrue(changed.out().contains("~ connect_timeout: 0.25s -> 3s   [" + a + ":"
                    + lineOf(base, "connect_timeout") + " | " + admin.url() + "]"), changed.out());

            admin.respond(503, "server is draining");
            CliRunner.Result failed = CliRunner.run("diff", a.toString(), admin.url());
            assertEquals(2, failed.exitCode());
            assertEquals("proxyctl diff: GET " + admin.url() + "/config_dump?include_eds: HTTP 503 (server is draining)\n", failed.err());

            admin.respond(200, "{\"not\": \"a dump\"}");
            CliRunner.Result notDump = CliRunner.run("diff", a.toString(), admin.url());
            assertEquals(2, notDump.exitCode());
            assertTrue(notDump.err().contains("is not an Envoy config dump"), notDump.err());
        }
    }

    @Test
    void unreachableInstanceIsAnError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRunner.Result r = CliRunner.run("diff", a.toString(), "http://127.0.0.1:" + port);
        assertEquals(2, r.exitCode());
        assertEquals("proxyctl diff: http://127.0.0.1:" + port + ": cannot connect (is the admin API listening there?)\n", r.err());
    }

    @Test
    void inputErrorsExitTwoWithOneLine() throws IOException {
        CliRunner.Result missing = CliRunner.run("diff", a.toString(), dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.exitCode());
        assertEquals("proxyctl diff: " + dir.resolve("nope.yaml") + ": no such file\n", missing.err());
        Path bad = write("bad.yaml", "static_resources:\n  clusters: [\n");
        CliRunner.Result syntax = CliRunner.run("diff", bad.toString(), a.toString());
        assertEquals(2, syntax.exitCode());
        assertTrue(syntax.err().startsWith("proxyctl diff: " + bad + ":2:"), syntax.err());
        assertEquals(1, syntax.err().lines().count(), syntax.err());
        CliRunner.Result usage = CliRunner.run("diff", a.toString());
        assertEquals(2, usage.exitCode());
        CliRunner.Result badFormat = CliRunner.run("diff", "-o", "xml", a.toString(), a.toString());
        assertEquals(2, badFormat.exitCode());
        assertTrue(badFormat.err().contains("text, json, unified"), badFormat.err());
    }

    @Test
    void v2AndV3SpellingsOfTheSameConfigAreEquivalent() throws IOException {
        Path v2 = ConvertCommandTest.GETTING_STARTED;
        String v3text = resource("getting-started-v3.yaml");
        Path v3 = write("v3.yaml", v3text);
        CliRunner.Result r = CliRunner.run("diff", "--color=never", v2.toString(), v3.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().startsWith(v2 + " and " + v3 + " are equivalent"), r.out());
        assertEquals("proxyctl diff: note: " + v2 + " uses the v2 API; compared as its v3 upgrade (5 changes, see "
                + "'proxyctl convert " + v2 + "')\n", r.err());

        // the repository's own pair of samples
        CliRunner.Result samples = CliRunner.run("diff", "../samples/getting-started-v2.yaml", "../samples/getting-started-v3.yaml");
        assertEquals(0, samples.exitCode(), samples.out() + samples.err());

        // a real difference is reported at the v2 spelling's own line
        Path changed = write("v3b.yaml", v3text.replace("host_rewrite_literal: www.google.com", "host_rewrite_literal: example.com"));
        CliRunner.Result d = CliRunner.run("diff", "--color=never", v2.toString(), changed.toString());
        assertEquals(1, d.exitCode());
        String v2text = Files.readString(v2);
        assertTrue(d.out().contains("~ virtual_hosts[local_service].routes[prefix=/].route.host_rewrite_literal: www.google.com -> "
                + "example.com   [" + v2 + ":" + lineOf(v2text, "host_rewrite: www.google.com") + " | " + changed + ":"
                + lineOf(v3text, "host_rewrite_literal") + "]"), d.out());
    }

    @Test
    void standardInputAsOneSide() throws IOException {
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream(base.replace("0.25s", "0.5s").getBytes(StandardCharsets.UTF_8)));
            CliRunner.Result r = CliRunner.run("diff", "--color=never", a.toString(), "-");
            assertEquals(1, r.exitCode(), r.err());
            assertTrue(r.out().contains("~ connect_timeout: 0.25s -> 0.5s   [" + a + ":" + lineOf(base, "connect_timeout")
                    + " | <stdin>:" + lineOf(base, "connect_timeout") + "]"), r.out());
        } finally {
            System.setIn(old);
        }
        assertEquals(2, CliRunner.run("diff", "-", "-").exitCode());
    }

    @Test
    void colourOnlyWhenAsked() throws IOException {
        Path b = write("b.yaml", base.replace("0.25s", "0.5s"));
        assertTrue(CliRunner.run("diff", "--color=always", a.toString(), b.toString()).out().contains("\u001b["));
        assertFalse(CliRunner.run("diff", "--color=never", a.toString(), b.toString()).out().contains("\u001b["));
    }
}
