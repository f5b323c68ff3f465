package io.proxyctl.config.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDumpDiffTest {
    static String resource(String name) throws IOException {
        try (InputStream in = ConfigDumpDiffTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void recognisesConfigDumps() throws IOException {
        assertTrue(ConfigDiffTest.set("d.json", resource("base-config-dump.json")).isConfigDump());
        assertFalse(ConfigDiffTest.set("a.yaml", ConfigDiffTest.BASE).isConfigDump());
        assertFalse(ResourceSet.isConfigDump(java.util.Map.of("configs", List.of(java.util.Map.of("@type", "x")))));
    }

    @Test
    void fileEqualsTheDumpOfTheProxyThatLoadedIt() throws IOException {
        DiffResult r = ConfigDiff.compare(ConfigDiffTest.set("envoy.yaml", ConfigDiffTest.BASE),
                ConfigDiffTest.set("dump.json", resource("base-config-dump.json")));
        assertTrue(r.identical(), () -> ConfigDiffTest.summary(r).toString());
        assertEquals(6, r.compared(), "bootstrap is not compared against a dump");
        assertEquals(List.of("bootstrap settings (admin, node, stats, ...) not compared: dump.json is a config dump"), r.notes());
    }

    @Test
    void dumpDifferencesPointIntoTheDump() throws IOException {
        String dump = resource("base-config-dump.json").replace("\"connect_timeout\": \"0.250s\"", "\"connect_timeout\": \"2s\"");
        DiffResult r = ConfigDiff.compare(ConfigDiffTest.set("envoy.yaml", ConfigDiffTest.BASE), ConfigDiffTest.set("dump.json", dump));
        assertEquals(List.of("cluster api: connect_timeout changed 0.25s -> 2s"), ConfigDiffTest.summary(r));
        FieldChange f = r.changes().get(0).fields().get(0);
        assertEquals(ConfigDiffTest.lineOf(dump, "\"connect_timeout\": \"2s\""), f.b().line());
    }

    @Test
    void liveDumpsHaveNoLines() throws IOException {
        String dump = resource("base-config-dump.json").replace("\"0.250s\"", "\"2s\"");
        ResourceSet live = ResourceSet.fromConfigDump(io.proxyctl.config.load.YamlLoader.loadText("http://127.0.0.1:9901", dump).source(), true);
        DiffResult r = ConfigDiff.compare(ConfigDiffTest.set("envoy.yaml", ConfigDiffTest.BASE), live);
        assertEquals(new Location("http://127.0.0.1:9901", 0), r.changes().get(0).fields().get(0).b());
        assertEquals("http://127.0.0.1:9901", r.changes().get(0).fields().get(0).b().toString());
    }

    @Test
    void dynamicResourcesComeFromActiveStateAndEds() throws IOException {
        ResourceSet s = ConfigDiffTest.set("dyn.json", resource("dynamic-config-dump.json"));
        assertEquals(List.of("svc"), List.copyOf(s.resources(ResourceKind.CLUSTER).keySet()), "warming clusters skipped");
        assertEquals(List.of("l"), List.copyOf(s.resources(ResourceKind.LISTENER).keySet()));
        assertEquals(List.of("r"), List.copyOf(s.resources(ResourceKind.ROUTE_CONFIGURATION).keySet()));
        assertEquals(List.of("svc"), List.copyOf(s.resources(ResourceKind.ENDPOINTS).keySet()));
        assertFalse(s.resources(ResourceKind.LISTENER).get("l").value().toString().contains("per_connection_buffer_limit_bytes"));
        String moved = resource("dynamic-config-dump.json").replace("\"10.0.0.1\"", "\"10.0.0.2\"");
        assertEquals(List.of("endpoints svc: endpoints[*].lb_endpoints[10.0.0.1:80] removed {endpoint={address={socket_address={address=10.0.0.1, port_value=80}}}, health_status=HEALTHY} -> null",
                "endpoints svc: endpoints[*].lb_endpoints[10.0.0.2:80] added null -> {endpoint={address={socket_address={address=10.0.0.2, port_value=80}}}, health_status=HEALTHY}"),
                ConfigDiffTest.summary(ConfigDiff.compare(s, ConfigDiffTest.set("dyn2.json", moved))));
    }
}
