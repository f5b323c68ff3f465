package io.proxyctl.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.load.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClustersCommandTest {
    static final String TABLE = """
            NAME       HOST              HEALTH                                             WEIGHT   CX_ACTIVE   CX_FAIL   RQ_ACTIVE   RQ_TOTAL   RQ_ERROR   RQ_TIMEOUT
            service1   172.18.0.3:8000   HEALTHY                                            1        2           0         0           58         1          0
            service1   172.18.0.4:8000   UNHEALTHY(failed_active_hc,failed_outlier_check)   2        0           3         0           3          3          0
            service2   172.18.0.5:8000   HEALTHY                                            1        1           0         1           15         0          2
            """;
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
    void tableHasOneRowPerHostFromTheJsonReply() {
        Cli.Result r = Cli.run("admin", "clusters", "--address", envoy.address());
        assertEquals(0, r.code(), r::toString);
        assertEquals(TABLE, r.out());
        assertEquals(List.of("GET /clusters?format=json"), envoy.requests());
    }

    @Test
    void textReplyOfOlderEnvoysGivesTheSameTable() {
        envoy.honorParams = false;
        Cli.Result r = Cli.run("admin", "clusters", "--address", envoy.address());
        assertEquals(0, r.code(), r::toString);
        assertEquals(TABLE, r.out());
    }

    @Test
    void jsonIsEnvoysClusterStatuses() {
        Cli.Result r = Cli.run("admin", "clusters", "-a", envoy.address(), "-o", "json");
        assertEquals(0, r.code(), r::toString);
        List<Object> clusters = Tree.list(Tree.at(JsonParser.parse(r.out()), "cluster_statuses"));
        assertEquals(2, clusters.size());
        Object s1 = clusters.get(0);
        assertEquals("service1", Tree.at(s1, "name"));
        // -1 means "not computed"; Envoy's JSON then leaves the Percent out
        assertEquals(null, Tree.at(s1, "success_rate_ejection_threshold"));
        Object bad = Tree.list(Tree.at(s1, "host_statuses")).get(1);
        assertEquals(Map.of("socket_address", Map.of("address", "172.18.0.4", "port_value", 8000L)), Tree.at(bad, "address"));
        assertEquals(Map.of("eds_health_status", "HEALTHY", "failed_active_health_check", true, "failed_outlier_check", true),
                Tree.at(bad, "health_status"));
        assertEquals(2L, Tree.at(bad, "weight"));
        assertEquals("service1-b", Tree.at(bad, "hostname"));
        assertTrue(Tree.list(Tree.at(bad, "stats")).contains(Map.of("name", "cx_connect_fail", "value", "3")));
        assertTrue(Tree.list(Tree.at(bad, "stats")).contains(Map.of("type", "GAUGE", "name", "cx_active", "value", "0")));
        Object thresholds = Tree.at(s1, "circuit_breakers", "thresholds");
        assertEquals("HIGH", Tree.at(Tree.list(thresholds).get(1), "priority"));
        assertEquals(1024L, Tree.at(Tree.list(thresholds).get(0), "max_connections"));
    }

    @Test
    void jsonIsTheSameFromTextAndYamlCarriesTheSameTree() {
        Cli.Result fromJson = Cli.run("admin", "clusters", "-a", envoy.address(), "-o", "json");
        envoy.honorParams = false;
        Cli.Result fromText = Cli.run("admin", "clusters", "-a", envoy.address(), "-o", "json");
        Cli.Result yaml = Cli.run("admin", "clusters", "-a", envoy.address(), "-o", "yaml");
        assertEquals(fromJson.out(), fromText.out());
        assertEquals(0, yaml.code(), yaml::toString);
        assertTrue(yaml.out().startsWith("cluster_statuses:\n- name: service1\n  observability_name: service1\n"), yaml.out());
        assertEquals(JsonParser.parse(fromJson.out()), YamlLoader.loadText("y", yaml.out()).source().root());
    }

    @Test
    void rawIsTheTextReplyAndClusterFiltersIt() {
        Cli.Result all = Cli.run("admin", "clusters", "-a", envoy.address(), "-o", "raw");
        assertEquals(0, all.code(), all::toString);
        assertEquals(RecordedEnvoyAdmin.fixture("clusters.txt"), all.out());
        assertEquals(List.of("GET /clusters"), envoy.requests());
        Cli.Result one = Cli.run("admin", "clusters", "-a", envoy.address(), "-o", "raw", "--cluster", "service2");
        assertEquals(RecordedEnvoyAdmin.fixture("clusters.txt").lines().filter(l -> l.startsWith("service2::")).map(l -> l + "\n")
                .reduce("", String::concat), one.out());
    }

    @Test
    void clusterFilter() {
        Cli.Result r = Cli.run("admin", "clusters", "-a", envoy.address(), "--cluster", "service2");
        assertEquals(0, r.code(), r::toString);
        assertEquals(2, r.out().lines().count());
        assertTrue(r.out().lines().skip(1).allMatch(l -> l.startsWith("service2 ")), r.out());

        Cli.Result none = Cli.run("admin", "clusters", "-a", envoy.address(), "--cluster", "service3");
        assertEquals(1, none.code());
        assertEquals("proxyctl admin: no cluster named 'service3' (2 clusters: service1, service2)\n", none.err());
        assertEquals("", none.out());
    }

    @Test
    void offlineFromASavedDump() {
        Cli.Result r = Cli.run("admin", "clusters", "--file", DYNAMIC);
        assertEquals(0, r.code(), r::toString);
        assertEquals("""
                NAME          ORIGIN   HOST              HEALTH                         WEIGHT   CX_ACTIVE   CX_FAIL   RQ_ACTIVE   RQ_TOTAL   RQ_ERROR   RQ_TIMEOUT
                xds_cluster   static   127.0.0.1:18000   -                              1        -           -         -           -          -          -
                backend       cds      10.0.1.5:8080     HEALTHY                        3        -           -         -           -          -          -
                backend       cds      [fd00::7]:8080    UNHEALTHY(failed_eds_health)   1        -           -         -           -          -          -
                canary        cds      -                 -                              -        -           -         -           -          -          -
                """, r.out());

        Cli.Result json = Cli.run("admin", "clusters", "--file", DYNAMIC, "--cluster", "backend", "-o", "json");
        Object backend = Tree.list(Tree.at(JsonParser.parse(json.out()), "cluster_statuses")).get(0);
        assertEquals("backend_stats", Tree.at(backend, "observability_name"));
        assertEquals(true, Tree.at(backend, "added_via_api"));
        assertEquals("backend-eds", Tree.at(backend, "eds_service_name"));
        Object v6 = Tree.list(Tree.at(backend, "host_statuses")).get(1);
        assertEquals(Map.of("socket_address", Map.of("address", "fd00::7", "port_value", 8080L)), Tree.at(v6, "address"));
        assertEquals(Map.of("region", "eu-west-1", "zone", "eu-west-1a", "sub_zone", ""), Tree.at(v6, "locality"));

        Cli.Result yaml = Cli.run("admin", "clusters", "--file", DYNAMIC, "--cluster", "backend", "-o", "yaml");
        assertEquals(JsonParser.parse(json.out()), YamlLoader.loadText("y", yaml.out()).source().root());

        Cli.Result staticDump = Cli.run("admin", "clusters", "--file", "src/test/resources/envoy-admin/config_dump.json");
        assertEquals(List.of("service1 172.18.0.3:8000 - 1", "service1 172.18.0.4:8000 - 2", "service2 172.18.0.5:8000 - 1"),
                staticDump.out().lines().skip(1).map(l -> String.join(" ", List.of(l.split("\\s+")).subList(0, 4))).toList());
    }

    @Test
    void offlineErrors(@TempDir Path dir) throws Exception {
        Cli.Result raw = Cli.run("admin", "clusters", "--file", DYNAMIC, "-o", "raw");
        assertEquals(2, raw.code());
        assertEquals("proxyctl admin: -o raw prints a live reply; with --file use -o json, yaml or table\n", raw.err());

        Cli.Result missing = Cli.run("admin", "clusters", "--file", dir.resolve("nope.json").toString());
        assertEquals(2, missing.code());
        assertEquals("proxyctl admin: " + dir.resolve("nope.json") + ": no such file\n", missing.err());

        Path notJson = Files.writeString(dir.resolve("broken.json"), "{\"configs\": [");
        Cli.Result broken = Cli.run("admin", "clusters", "--file", notJson.toString());
        assertEquals(1, broken.code());
        assertEquals("proxyctl admin: " + notJson + ": not a config dump: invalid JSON at line 1, column 14: unexpected end of input\n",
                broken.err());

        Path stats = Files.writeString(dir.resolve("stats.json"), RecordedEnvoyAdmin.fixture("stats.json"));
        Cli.Result wrong = Cli.run("admin", "clusters", "--file", stats.toString());
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().startsWith("proxyctl admin: " + stats + ": not a config dump (expected {\"configs\""), wrong.err());
        assertEquals(1, wrong.err().lines().count());
    }
}
