package io.proxyctl.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDumpCommandTest {
    static final String DYNAMIC = "src/test/resources/envoy-admin/config_dump_dynamic.json";
    private RecordedEnvoyAdmin envoy;

    @BeforeEach
    void start() {
        envoy = RecordedEnvoyAdmin.start();
    }

    @AfterEach
    void stop() {
        envoy.close();
    }

    @Test
    void tableIsAnInventoryOfTheDump() {
        Cli.Result r = Cli.run("admin", "config-dump", "-a", envoy.address());
        assertEquals(0, r.code(), r::toString);
        assertEquals("""
                KIND           NAME          STATE    VERSION   LAST_UPDATED
                bootstrap      front-envoy   -        -         2026-08-02T09:14:07.512Z
                cluster        service1      static   -         2026-08-02T09:14:07.520Z
                cluster        service2      static   -         2026-08-02T09:14:07.521Z
                listener       listener_0    static   -         2026-08-02T09:14:07.530Z
                route_config   local_route   static   -         2026-08-02T09:14:07.529Z
                """, r.out());
        assertEquals(List.of("GET /config_dump"), envoy.requests());
    }

    @Test
    void jsonKeepsEnvoysKeyOrderAndYamlTheSameTree() {
        Cli.Result json = Cli.run("admin", "config-dump", "-a", envoy.address(), "-o", "json");
        assertEquals(0, json.code(), json::toString);
        // same tree as the reply, keys in the reply's order: re-indenting Envoy's one-space JSON gives our output
        assertEquals(JsonParser.parse(RecordedEnvoyAdmin.fixture("config_dump.json")), JsonParser.parse(json.out()));
        assertEquals(io.proxyctl.common.Json.pretty(JsonParser.parse(RecordedEnvoyAdmin.fixture("config_dump.json"))) + "\n", json.out());
        assertTrue(json.out().startsWith("{\n  \"configs\": [\n    {\n      \"@type\": \"type.googleapis.com/envoy.admin.v3.BootstrapConfigDump\",\n      \"bootstrap\": {\n        \"node\": {\n          \"id\": \"front-envoy\","),
                json.out());
        Cli.Result yaml = Cli.run("admin", "config-dump", "-a", envoy.address(), "-o", "yaml");
        assertTrue(yaml.out().startsWith("configs:\n- '@type': type.googleapis.com/envoy.admin.v3.BootstrapConfigDump\n  bootstrap:\n    node:\n      id: front-envoy\n"),
                yaml.out());
        assertEquals(JsonParser.parse(json.out()), Cli.yaml(yaml.out()));
    }

    @Test
    void rawIsTheReplyUnchanged() {
        Cli.Result raw = Cli.run("admin", "config-dump", "-a", envoy.address(), "-o", "raw");
        assertEquals(RecordedEnvoyAdmin.fixture("config_dump.json"), raw.out());
    }

    @Test
    void queryOptionsAreEnvoysParameters() {
        Cli.Result r = Cli.run("admin", "config-dump", "-a", envoy.address(), "--resource", "dynamic_active_clusters",
                "--mask", "cluster.name", "--name-regex", "back.*", "--include-eds", "-o", "raw");
        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of("GET /config_dump?resource=dynamic_active_clusters&mask=cluster.name&name_regex=back.*&include_eds"),
                envoy.requests());
    }

    @Test
    void envoysParameterErrorsAreReportedAsSuch() throws Exception {
        try (var server = OtherServers.fixed(404, "text/plain", "nope not found in config dump\n")) {
            Cli.Result r = Cli.run("admin", "config-dump", "-a", server.address(), "--resource", "nope");
            assertEquals(1, r.code());
            assertEquals("proxyctl admin: GET /config_dump?resource=nope: nope not found in config dump\n", r.err());
        }
        try (var server = OtherServers.fixed(400, "text/plain", "FieldMask paths:\"x\" could not be successfully applied to any configs.\n")) {
            Cli.Result r = Cli.run("admin", "config-dump", "-a", server.address(), "--mask", "x");
            assertEquals(1, r.code());
            assertTrue(r.err().startsWith("proxyctl admin: GET /config_dump?mask=x: FieldMask"), r.err());
        }
    }

    @Test
    void offlineInventoryShowsDynamicStates() {
        Cli.Result r = Cli.run("admin", "config-dump", "--file", DYNAMIC);
        assertEquals(0, r.code(), r::toString);
        assertEquals("""
                KIND           NAME            STATE     VERSION   LAST_UPDATED
                bootstrap      edge-7f9c       -         -         2026-08-02T10:00:00.100Z
                cluster        xds_cluster     static    -         2026-08-02T10:00:00.110Z
                cluster        backend         active    v7        2026-08-02T10:02:13.400Z
                cluster        canary          warming   v8        2026-08-02T10:05:00.001Z
                endpoints      backend-eds     dynamic   v7        2026-08-02T10:02:13.500Z
                listener       ingress_https   active    v3        2026-08-02T10:02:14.000Z
                listener       ingress_tcp     warming   v4        2026-08-02T10:05:00.002Z
                listener       broken          error     -         2026-08-02T10:05:00.003Z
                route_config   api_routes      dynamic   v5        2026-08-02T10:02:14.100Z
                secret         api-cert        active    v2        2026-08-02T10:02:14.200Z
                """, r.out());
        Cli.Result raw = Cli.run("admin", "config-dump", "--file", DYNAMIC, "-o", "raw");
        assertEquals(JsonParser.parse(RecordedEnvoyAdmin.fixture("config_dump_dynamic.json")), JsonParser.parse(raw.out()));
    }

    @Test
    void offlineResourceMaskAndNameRegexWorkLikeEnvoys() {
        Cli.Result r = Cli.run("admin", "config-dump", "--file", DYNAMIC, "--resource", "dynamic_active_clusters",
                "--mask", "cluster.name,version_info", "-o", "json");
        assertEquals(0, r.code(), r::toString);
        assertEquals(Map.of("configs", List.of(Map.of(
                "@type", "type.googleapis.com/envoy.admin.v3.ClustersConfigDump.DynamicCluster",
                "version_info", "v7",
                "cluster", Map.of("@type", "type.googleapis.com/envoy.config.cluster.v3.Cluster", "name", "backend")))),
                JsonParser.parse(r.out()));
        assertTrue(r.out().startsWith("{\n  \"configs\": [\n    {\n      \"@type\": \"type.googleapis.com/envoy.admin.v3.ClustersConfigDump.DynamicCluster\",\n      \"version_info\": \"v7\",\n"),
                r.out());

        Cli.Result table = Cli.run("admin", "config-dump", "--file", DYNAMIC, "--resource", "dynamic_listeners");
        assertEquals(List.of("listener ingress_https active v3", "listener ingress_tcp warming v4", "listener broken error -"),
                table.out().lines().skip(1).map(l -> String.join(" ", List.of(l.split("\\s+")).subList(0, 4))).toList());

        Cli.Result named = Cli.run("admin", "config-dump", "--file", DYNAMIC, "--name-regex", "ingress_.*", "-o", "json");
        ConfigDump dump = ConfigDump.of(JsonParser.parse(named.out()));
        assertEquals(List.of("ingress_https", "ingress_tcp"), dump.resources("listener").stream().map(DumpResource::name).toList());
        assertEquals(List.of(), dump.resources("cluster"), "name_regex applies to every resource");
        assertEquals(1, dump.resources("bootstrap").size());

        Cli.Result masked = Cli.run("admin", "config-dump", "--file", DYNAMIC, "--mask", "dynamic_route_configs", "-o", "yaml");
        assertEquals(Map.of("configs", List.of(Map.of("@type", "type.googleapis.com/envoy.admin.v3.RoutesConfigDump",
                "dynamic_route_configs", Tree.at(Tree.list(Tree.at(JsonParser.parse(RecordedEnvoyAdmin.fixture("config_dump_dynamic.json")),
                        "configs")).get(5), "dynamic_route_configs")))), Cli.yaml(masked.out()));
    }

    @Test
    void offlineQueryErrors(@TempDir Path dir) throws Exception {
        Cli.Result notRepeated = Cli.run("admin", "config-dump", "--file", DYNAMIC, "--resource", "bootstrap");
        assertEquals(1, notRepeated.code());
        assertEquals("proxyctl admin: bootstrap is not a repeated field. Use --mask bootstrap to get only this field\n", notRepeated.err());
        Cli.Result unknown = Cli.run("admin", "config-dump", "--file", DYNAMIC, "--resource", "nope");
        assertEquals("proxyctl admin: nope not found in config dump\n", unknown.err());
        Cli.Result mask = Cli.run("admin", "config-dump", "--file", DYNAMIC, "--mask", "nope.field");
        assertEquals("proxyctl admin: FieldMask nope.field could not be successfully applied to any configs.\n", mask.err());
        Cli.Result regex = Cli.run("admin", "config-dump", "--file", DYNAMIC, "--name-regex", "[");
        assertEquals(2, regex.code());

        // a dump saved as YAML (proxyctl admin config-dump -o yaml > dump.yaml) reads back offline
        String yaml = Cli.run("admin", "config-dump", "--file", DYNAMIC, "-o", "yaml").out();
        Path saved = Files.writeString(dir.resolve("dump.yaml"), yaml);
        Cli.Result fromYaml = Cli.run("admin", "config-dump", "--file", saved.toString());
        assertEquals(Cli.run("admin", "config-dump", "--file", DYNAMIC).out(), fromYaml.out());
    }
}
