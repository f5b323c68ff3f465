package io.proxyctl.config.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.load.ConfigSource;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The editor schema is one self-contained draft-07 document that everit loads and that judges like validate. */
class FullSchemaTest {
    private static JSONObject v3Json;
    private static Schema v3;

    @BeforeAll
    static void load() {
        v3Json = new JSONObject(SchemaValidator.shared().fullSchema(ApiVersion.V3));
        v3 = SchemaLoader.builder().schemaJson(v3Json).draftV7Support().build().load().build();
    }

    @Test
    void coversTheBootstrapAndEveryV3ExtensionType() {
        JSONObject defs = v3Json.getJSONObject("definitions");
        assertEquals("#/definitions/envoy.config.bootstrap.v3.Bootstrap", v3Json.getString("$ref"));
        assertTrue(defs.has("envoy.config.cluster.v3.Cluster"));
        // extension messages take "@type" themselves; well-known types get an {"@type", "value"} variant
        assertTrue(defs.getJSONObject("envoy.extensions.filters.http.router.v3.Router")
                .getJSONObject("properties").has("@type"));
        assertTrue(defs.has("envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager"));
        assertTrue(defs.has("google.protobuf.Struct@any"));
        int anyClauses = defs.getJSONObject("google.protobuf.Any").getJSONArray("allOf").length();
        assertTrue(anyClauses > 500, "Any if/then clauses: " + anyClauses);
        // the editor schema keeps the exclusions that per-document validation leaves to the walker
        assertTrue(defs.getJSONObject("envoy.config.route.v3.RouteMatch").has("dependencies"));
    }

    @Test
    void acceptsARealConfig() throws Exception {
        ConfigSource src = SchemaCorpusTest.resource("examples/front-proxy--envoy.yaml");
        v3.validate(DocumentJson.convert(src.root()));
    }

    @Test
    void rejectsWhatValidateRejects() throws Exception {
        ConfigSource src = SchemaCorpusTest.resource("examples/front-proxy--envoy.yaml");
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) src.root();
        @SuppressWarnings("unchecked")
        Map<String, Object> cluster = (Map<String, Object>) ((java.util.List<Object>) ((Map<String, Object>)
                root.get("static_resources")).get("clusters")).get(0);
        cluster.put("connect_timeout", "5s");
        cluster.put("connectTimeout", "5s"); // the same field twice
        cluster.put("type", "STRICT_DNZ");
        ValidationException e = assertThrows(ValidationException.class, () -> v3.validate(DocumentJson.convert(root)));
        Set<String> where = new TreeSet<>();
        for (String m : e.getAllMessages()) {
            where.add(m.substring(0, m.indexOf(':')));
        }
        assertEquals(Set.of("#/static_resources/clusters/0", "#/static_resources/clusters/0/type"), where);
    }

    @Test
    void v2SchemaIsRootedAtTheV2Bootstrap() {
        // not loaded into everit here: that costs seconds and proves nothing the v3 load does not
        JSONObject v2 = new JSONObject(SchemaValidator.shared().fullSchema(ApiVersion.V2));
        assertEquals("#/definitions/envoy.config.bootstrap.v2.Bootstrap", v2.getString("$ref"));
        JSONObject defs = v2.getJSONObject("definitions");
        assertTrue(defs.has("envoy.api.v2.Cluster"));
        assertTrue(defs.getJSONObject("envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager")
                .getJSONObject("properties").has("@type"));
    }
}
