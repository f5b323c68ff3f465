package io.proxyctl.xds.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.tree.Tree;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connection settings from a bootstrap, the delta refusal, and Any resources as JSON trees. */
class GrpcAdsFactoryTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> bootstrap(String apiType) {
        LoadResult r = YamlLoader.loadText("ads.yaml", AdsProxy.BOOTSTRAP.formatted("n1", 18000)
                .replace("api_type: GRPC", "api_type: " + apiType));
        return (Map<String, Object>) r.source().root();
    }

    @Test
    void settingsComeFromTheStaticClusterAndTheNode() {
        GrpcAdsTransport.Settings s = GrpcAdsFactory.settings(bootstrap("GRPC"), Duration.ofMillis(500),
                Duration.ofSeconds(30));
        assertEquals("127.0.0.1", s.host());
        assertEquals(18000, s.port());
        assertEquals("n1", s.node().getId());
        assertEquals("fleet", s.node().getCluster());
        assertEquals("proxyctl", s.node().getUserAgentName());
        assertEquals(Duration.ofSeconds(5), s.initialFetchTimeout());
    }

    @Test
    void deltaApiTypesGetTheIncrementalClient() {
        assertTrue(GrpcAdsFactory.isDelta(bootstrap("DELTA_GRPC")));
        assertTrue(GrpcAdsFactory.isDelta(bootstrap("AGGREGATED_DELTA_GRPC")));
        assertTrue(!GrpcAdsFactory.isDelta(bootstrap("GRPC")));
        IllegalArgumentException rest = assertThrows(IllegalArgumentException.class,
                () -> GrpcAdsFactory.settings(bootstrap("REST"), Duration.ofMillis(1), Duration.ofMillis(1)));
        assertTrue(rest.getMessage().contains("cannot carry ADS"), rest.getMessage());
    }

    @Test
    void tlsToTheManagementServerIsRefusedNotIgnored() {
        Map<String, Object> b = bootstrap("GRPC");
        Map<String, Object> cluster = Tree.items(Tree.mapField(b, "static_resources"), "", "clusters").get(0).map();
        cluster.put("transport_socket", Map.of("name", "envoy.transport_sockets.tls"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrpcAdsFactory.settings(b, Duration.ofMillis(1), Duration.ofMillis(1)));
        assertTrue(e.getMessage().contains("TLS to the management server is not implemented"), e.getMessage());
    }

    @Test
    void anyResourcesBecomeSnakeCaseTreesWithTheirNestedTypes() throws Exception {
        Map<String, Object> tree = new ResourceJson().tree(Any.pack(XdsResources.listener("l", "r1")));
        assertEquals("type.googleapis.com/envoy.config.listener.v3.Listener", tree.get("@type"));
        Map<String, Object> hcm = Tree.mapField(Tree.items(Tree.items(tree, "", "filter_chains").get(0).value(), "",
                "filters").get(0).value(), "typed_config");
        assertEquals("r1", Tree.strField(Tree.mapField(hcm, "rds"), "route_config_name"));
        assertTrue(hcm.containsKey("stat_prefix"), "proto field names");
        assertEquals("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
                Tree.strField(Tree.items(hcm, "", "http_filters").get(0).map().get("typed_config"), "@type"));
    }
}
