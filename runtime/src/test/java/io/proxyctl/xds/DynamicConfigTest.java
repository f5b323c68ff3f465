package io.proxyctl.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.bind.BootstrapBinder;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.ValidationReport;
import io.proxyctl.stats.StatsStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The xDS state machine without a server: what it composes (RDS inlined with validate_clusters off, EDS as
 * STATIC clusters, warming until data or the initial fetch timeout), what it subscribes to, and that a rejected
 * response (by our validation or by the applier) leaves the accepted state unchanged. The applier here validates
 * and binds each composition as a reload does, and records it.
 */
class DynamicConfigTest {
    private static final String BOOTSTRAP = """
            node: {id: n}
            dynamic_resources:
              ads_config: {api_type: GRPC, grpc_services: [{envoy_grpc: {cluster_name: xds}}]}
              cds_config: {ads: {}}
              lds_config: {ads: {}}
            static_resources:
              clusters:
              - name: xds
                http2_protocol_options: {}
                load_assignment: {cluster_name: xds, endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 1}}}}]}]}
            """;

    private final List<Map<String, Object>> applied = new ArrayList<>();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final StatsStore stats = new StatsStore();
    private final List<String> log = new ArrayList<>();
    private boolean refuse;

    private DynamicConfig config() {
        DynamicConfig dc = new DynamicConfig(tree(BOOTSTRAP), (tree, reason) -> {
            if (refuse) {
                return ApplyOutcome.rejected(List.of("listener 'l': address in use [PX3013]"));
            }
            ValidationReport r = new ConfigValidator().validate(YamlLoader.loadText(reason,
                    io.proxyctl.common.Json.pretty(tree)));
            if (!r.valid()) {
                return ApplyOutcome.rejected(r.errors().stream().map(d -> d.path() + ": " + d.message()).toList());
            }
            BootstrapBinder.bind(tree);
            applied.add(tree);
            return ApplyOutcome.ok();
        }, new XdsStats(stats), log::add, Duration.ofSeconds(15), now::get);
        dc.initialTree();
        return dc;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(String yaml) {
        LoadResult r = YamlLoader.loadText("t.yaml", yaml);
        assertTrue(r.ok(), () -> r.diagnostics().toString());
        return (Map<String, Object>) r.source().root();
    }

    private static List<Map<String, Object>> resources(String yaml) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Tree.Item i : Tree.items(tree("r: " + yaml), "", "r")) {
            out.add(i.map());
        }
        return out;
    }

    private static final String WEB = "[{name: web, type: EDS, connect_timeout: 1s, eds_cluster_config: "
            + "{eds_config: {ads: {}}, service_name: web-eds}}]";
    private static final String LISTENER = "[{name: l, address: {socket_address: {address: 127.0.0.1, port_value: 0}},"
            + " filter_chains: [{filters: [{name: hcm, typed_config: {'@type': type.googleapis.com/envoy.extensions."
            + "filters.network.http_connection_manager.v3.HttpConnectionManager, stat_prefix: s, rds: {route_config_name:"
            + " r1, config_source: {ads: {}}}, http_filters: [{name: router, typed_config: {'@type': type.googleapis."
            + "com/envoy.extensions.filters.http.router.v3.Router}}]}}]}]}]";
    private static final String ROUTE = "[{name: r1, virtual_hosts: [{name: v, domains: ['*'], routes: [{match: "
            + "{prefix: /}, route: {cluster: %s}}]}]}]";
    private static final String CLA = "[{cluster_name: web-eds, endpoints: [{lb_endpoints: [{endpoint: {address: "
            + "{socket_address: {address: 127.0.0.1, port_value: 8080}}}}]}]}]";

    @Test
    void edsAndRdsAreComposedIntoAStaticEquivalentBootstrap() {
        DynamicConfig dc = config();
        assertTrue(dc.update(XdsType.CLUSTER, "1", resources(WEB)).accepted());
        assertEquals(Set.of("web"), dc.applied().warmingClusters());
        assertEquals(Set.of("web-eds"), dc.subscribedNames(XdsType.ENDPOINT));
        assertTrue(dc.update(XdsType.ENDPOINT, "1", resources(CLA)).accepted());
        assertTrue(dc.applied().warmingClusters().isEmpty());
        Map<String, Object> web = dc.applied().activeClusters().get("web");
        assertEquals("STATIC", web.get("type"));
        assertNull(web.get("eds_cluster_config"));
        assertEquals("web", Tree.strField(Tree.mapField(web, "load_assignment"), "cluster_name"));

        assertTrue(dc.update(XdsType.LISTENER, "1", resources(LISTENER)).accepted());
        assertEquals(Set.of("l"), dc.applied().warmingListeners());
        assertEquals(Set.of("r1"), dc.subscribedNames(XdsType.ROUTE));
        assertTrue(dc.update(XdsType.ROUTE, "1", resources(ROUTE.formatted("elsewhere"))).accepted());
        Map<String, Object> l = dc.applied().activeListeners().get("l");
        Map<String, Object> hcm = Hcms.of(l).get(0);
        assertNull(hcm.get("rds"));
        assertEquals(false, Tree.mapField(hcm, "route_config").get("validate_clusters"),
                "RDS route configurations are not checked against the clusters, as in Envoy");
        Map<String, Object> last = applied.get(applied.size() - 1);
        assertNull(last.get("dynamic_resources"));
        assertEquals(2, Tree.items(Tree.mapField(last, "static_resources"), "", "clusters").size());
        assertEquals(1, stats.value("rds.update_success"));
        // Envoy's per-subscription scopes: the RDS one under the connection manager's stat_prefix, EDS per cluster.
        assertEquals(1, stats.value("http.s.rds.r1.update_attempt"));
        assertEquals(1, stats.value("http.s.rds.r1.update_success"));
        assertEquals(1, stats.value("cluster.web.update_success"));
        // A route configuration the server rejects counts there too.
        assertFalse(dc.update(XdsType.ROUTE, "2", resources("[{name: r1, virtual_hosts: [{name: v, domains: ['*'],"
                + " routes: [{match: {prefx: /}, direct_response: {status: 200}}]}]}]")).accepted());
        assertEquals(2, stats.value("http.s.rds.r1.update_attempt"));
        assertEquals(1, stats.value("http.s.rds.r1.update_rejected"));
    }

    @Test
    void warmingEndsWithTheInitialFetchTimeout() {
        DynamicConfig dc = config();
        dc.update(XdsType.CLUSTER, "1", resources(WEB));
        int before = applied.size();
        now.set(now.get().plusSeconds(14));
        dc.checkWarming();
        assertEquals(before, applied.size());
        now.set(now.get().plusSeconds(2));
        dc.checkWarming();
        assertTrue(dc.applied().warmingClusters().isEmpty());
        assertEquals(before + 1, applied.size());
        assertTrue(Tree.items(Tree.mapField(dc.applied().activeClusters().get("web"), "load_assignment"), "",
                "endpoints").isEmpty(), "activated with no endpoints");
    }

    @Test
    void rejectedResponsesLeaveTheAcceptedState() {
        DynamicConfig dc = config();
        assertTrue(dc.update(XdsType.CLUSTER, "1", resources(WEB)).accepted());
        DynamicConfig.Result dup = dc.update(XdsType.CLUSTER, "2", resources(
                "[{name: a, connect_timeout: 1s}, {name: a, connect_timeout: 2s}]"));
        assertFalse(dup.accepted());
        assertTrue(dup.errorDetail().contains("duplicate CDS resource 'a'"), dup.errorDetail());
        DynamicConfig.Result schema = dc.update(XdsType.CLUSTER, "3", resources(
                "[{name: b, connect_timeout: 1s, lb_polcy: RANDOM}]"));
        assertTrue(schema.errorDetail().startsWith("cluster 'b': lb_polcy: unknown field"), schema.errorDetail());
        refuse = true;
        DynamicConfig.Result byApplier = dc.update(XdsType.CLUSTER, "4", resources("[{name: c, connect_timeout: 1s}]"));
        assertEquals("listener 'l': address in use [PX3013]", byApplier.errorDetail());
        assertEquals("1", dc.snapshot().version(XdsType.CLUSTER));
        assertEquals(Set.of("web"), dc.snapshot().resources(XdsType.CLUSTER).keySet());
        assertEquals(3, stats.value("cluster_manager.cds.update_rejected"));
        assertEquals(4, stats.value("cluster_manager.cds.update_attempt"));
    }

    @Test
    void unchangedResourcesKeepTheirVersionAndRdsEdsArePrunedWithTheirOwners() {
        DynamicConfig dc = config();
        dc.update(XdsType.CLUSTER, "1", resources(WEB));
        dc.update(XdsType.ENDPOINT, "1", resources(CLA));
        now.set(now.get().plusSeconds(5));
        dc.update(XdsType.CLUSTER, "2", resources(WEB));
        XdsResource web = dc.snapshot().resources(XdsType.CLUSTER).get("web");
        assertEquals("1", web.version());
        assertEquals("2", dc.snapshot().version(XdsType.CLUSTER));
        dc.update(XdsType.CLUSTER, "3", resources("[]"));
        assertTrue(dc.snapshot().resources(XdsType.ENDPOINT).isEmpty(), "the load assignment went with its cluster");
        assertTrue(dc.subscribedNames(XdsType.ENDPOINT).isEmpty());
    }
}
