package io.proxyctl.config.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated resources are complete, and the runtime reads them the way the generator wrote them. */
class SchemaStoreTest {
    private final SchemaStore store = new SchemaStore();

    @Test
    void bothBootstrapsAndEveryIndexedTypeHaveADefinition() {
        assertTrue(store.isMessage(ApiVersion.V3.rootMessage()));
        assertTrue(store.isMessage(ApiVersion.V2.rootMessage()));
        Map<String, String> types = store.types();
        assertTrue(types.size() > 1900, "types: " + types.size());
        for (String t : types.keySet()) {
            assertTrue(store.isMessage(t), t);
        }
    }

    @Test
    void runtimeFamilyMatchesTheGeneratorsForEveryType() {
        store.types().forEach((name, family) -> {
            if (!family.equals("test")) {
                assertEquals(family, SchemaStore.family(name), name);
            }
        });
    }

    @Test
    void enumsAreDefinitionsButNotMessages() {
        assertTrue(store.def("envoy.config.cluster.v3.Cluster.LbPolicy").has("x-enum"));
        assertTrue(!store.isMessage("envoy.config.cluster.v3.Cluster.LbPolicy"));
        assertNull(store.def("envoy.config.cluster.v3.NoSuchThing"));
    }

    @Test
    void successorsLeadFromV2ToV3() {
        assertEquals("envoy.config.cluster.v3.Cluster", store.successor("envoy.api.v2.Cluster"));
        assertEquals("envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
                store.successor("envoy.api.v2.auth.UpstreamTlsContext"));
    }

    @Test
    void oneofMembershipCoversBothSpellings() {
        Map<String, String> m = store.oneofMembership("envoy.config.route.v3.RouteAction");
        assertEquals("cluster_specifier", m.get("cluster_header"));
        assertEquals("cluster_specifier", m.get("clusterHeader"));
    }
}
