package io.proxyctl.config.check;

import static io.proxyctl.config.check.CheckAssertions.empty;
import static io.proxyctl.config.check.CheckAssertions.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.TestConfigs;
import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.upgrade.V2Upgrader;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import io.proxyctl.config.validate.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotImplementedCheckerTest {
    private static final String CONFIG = """
            static_resources:
              listeners:
              - name: web
                address:
                  socket_address: {address: 127.0.0.1, port_value: 8080}
                filter_chains:
                - filters:
                  - name: envoy.filters.network.http_connection_manager
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                      stat_prefix: ingress
                      codec_type: HTTP2
                      route_config:
                        virtual_hosts:
                        - name: backend
                          domains: ["*"]
                          routes:
                          - match: {prefix: "/"}
                            route: {cluster: api, retry_policy: {retry_on: 5xx}}
                      http_filters:
                      - name: envoy.filters.http.cors
                        typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors}
                      - name: envoy.filters.http.router
                        typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
              - name: cache
                filter_chains:
                - filters:
                  - name: envoy.filters.network.redis_proxy
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.network.redis_proxy.v3.RedisProxy
                      stat_prefix: r
              clusters:
              - name: api
                type: EDS
                connect_timeout: 1s
                outlier_detection: {consecutive_5xx: 3}
            """;

    @Test
    void reportsEveryUnimplementedFieldValueAndExtensionOnce() {
        List<Diagnostic> ds = NotImplementedChecker.check(TestConfigs.text("e.yaml", CONFIG), StaticCoverage.issue3());
        assertEquals(List.of("12:23", "19:39", "22:37", "30:20", "34:11", "36:5"),
                ds.stream().map(d -> d.line() + ":" + d.column()).toList(), ds::toString);
        for (Diagnostic d : ds) {
            assertEquals(DiagnosticCode.NOT_IMPLEMENTED, d.code());
            assertEquals(Severity.WARNING, d.severity());
        }
        assertEquals("static_resources.listeners[0].filter_chains[0].filters[0].typed_config.codec_type: HTTP2 "
                + "is not implemented by proxyctl run", ds.get(0).message());
        assertEquals("static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config"
                + ".virtual_hosts[0].routes[0].route.retry_policy is not implemented: ignored by proxyctl run",
                ds.get(1).message());
        assertEquals("HTTP filter 'envoy.filters.http.cors' (envoy.extensions.filters.http.cors.v3.Cors) is not "
                + "implemented: ignored by proxyctl run", ds.get(2).message());
        assertEquals("network filter 'envoy.filters.network.redis_proxy' "
                + "(envoy.extensions.filters.network.redis_proxy.v3.RedisProxy) is not implemented: proxyctl run "
                + "cannot serve this filter chain", ds.get(3).message());
        assertEquals("static_resources.clusters[0].type: EDS is not implemented by proxyctl run", ds.get(4).message());
        assertEquals("static_resources.clusters[0].outlier_detection is not implemented: ignored by proxyctl run",
                ds.get(5).message());
    }

    @Test
    void gettingStartedNeedsOnlyTheAdminAccessLog() {
        ConfigSource v3 = V2Upgrader.upgrade(TestConfigs.resource("getting-started/envoy.yaml")).source();
        Diagnostic d = one(NotImplementedChecker.check(v3, StaticCoverage.issue3()), DiagnosticCode.NOT_IMPLEMENTED, 2, 3);
        assertEquals("admin.access_log is not implemented: ignored by proxyctl run", d.message());
    }

    @Test
    void plainHttpExamplesAreFullyCovered() {
        for (String path : List.of("examples/websocket/envoy-ws.yaml", "examples/double-proxy/envoy.yaml",
                "examples/websocket/envoy-ws-route.yaml", "examples/front-proxy/service-envoy.yaml")) {
            empty(NotImplementedChecker.check(TestConfigs.resource(path), StaticCoverage.issue3()));
        }
    }

    @Test
    void coverageIsPluggable() {
        Coverage everything = new Coverage() {
            @Override
            public boolean implementsField(String message, String field) {
                return true;
            }

            @Override
            public boolean implementsType(String typeUrl) {
                return true;
            }
        };
        empty(NotImplementedChecker.check(TestConfigs.text("e.yaml", CONFIG), everything));
    }

    @Test
    void staticCoverageAnswersLikeIssue3() {
        StaticCoverage c = StaticCoverage.issue3();
        assertTrue(c.implementsType("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"));
        assertTrue(c.implementsType("envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext"));
        assertFalse(c.implementsType("envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext"));
        assertTrue(c.implementsField("envoy.config.cluster.v3.Cluster", "lb_policy"));
        assertTrue(c.implementsValue("envoy.config.cluster.v3.Cluster", "lb_policy", "maglev"));
        assertFalse(c.implementsValue("envoy.config.cluster.v3.Cluster", "lb_policy", "CLUSTER_PROVIDED"));
        assertTrue(c.implementsValue("envoy.config.cluster.v3.Cluster", "type", "strict_dns"));
        assertFalse(c.implementsField("envoy.config.cluster.v3.Cluster", "health_checks"));
        assertTrue(c.implementsField("envoy.config.core.v3.Node", "id"));
    }

    @Test
    void everyFieldStaticCoverageNamesExistsInTheCatalogue() {
        StaticCoverage c = StaticCoverage.issue3();
        CatalogSchema catalog = CatalogSchema.builtin();
        int named = 0;
        for (var m : catalog.messages().entrySet()) {
            for (String field : m.getValue().keySet()) {
                if (c.implementsField(m.getKey(), field)) {
                    named++;
                }
            }
        }
        assertTrue(named > 150, "coverage should name the issue 3 fields, found " + named);
    }
}
