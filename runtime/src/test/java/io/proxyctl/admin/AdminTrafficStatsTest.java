package io.proxyctl.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.stats.HistogramSnapshot;
import io.proxyctl.stats.StatsView;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Traffic through a running proxy, then the exact values of the stats it must have produced, read both from the
 * stats store and through the admin endpoints: request totals, response classes and codes, per-host counts,
 * no_route, direct responses and redirects, connect failures, pending requests and histogram sample counts.
 */
@ExtendWith(LeakCheckExtension.class)
class AdminTrafficStatsTest {
    private static TestUpstream web;
    private static TestUpstream pairA;
    private static TestUpstream pairB;
    private static ProxyFixture px;
    private static AdminHttp admin;
    private static io.proxyctl.testing.RefusingPort refusing;
    private static int deadPort;

    static String config(int webPort, int pairA, int pairB, int dead) {
        return """
                admin:
                  address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                static_resources:
                  listeners:
                  - name: ingress
                    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                    filter_chains:
                    - filters:
                      - name: envoy.filters.network.http_connection_manager
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: ingress_http
                          route_config:
                            name: local_route
                            virtual_hosts:
                            - name: all
                              domains: ["*"]
                              routes:
                              - match: { prefix: "/direct" }
                                direct_response: { status: 200, body: { inline_string: "direct" } }
                              - match: { prefix: "/redirect" }
                                redirect: { path_redirect: "/elsewhere" }
                              - match: { prefix: "/web" }
                                route: { cluster: web }
                              - match: { prefix: "/pair" }
                                route: { cluster: pair }
                              - match: { prefix: "/dead" }
                                route: { cluster: dead }
                          http_filters:
                          - name: envoy.filters.http.router
                            typed_config:
                              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
                  clusters:
                  - name: web
                    type: STATIC
                    connect_timeout: 1s
                    load_assignment:
                      cluster_name: web
                      endpoints:
                      - lb_endpoints:
                        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } }, hostname: web-1 }
                  - name: pair
                    type: STATIC
                    connect_timeout: 1s
                    load_assignment:
                      cluster_name: pair
                      endpoints:
                      - locality: { region: eu, zone: eu-1 }
                        lb_endpoints:
                        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                          load_balancing_weight: 1
                  - name: dead
                    type: STATIC
                    connect_timeout: 1s
                    load_assignment:
                      cluster_name: dead
                      endpoints:
                      - lb_endpoints:
                        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                """.formatted(webPort, pairA, pairB, dead);
    }

    @BeforeAll
    static void drive() throws Exception {
        web = TestUpstream.start("web").handler(ex -> ex.respond(ex.request.uri().startsWith("/web/err") ? 500 : 200, "web"));
        pairA = TestUpstream.start("a");
        pairB = TestUpstream.start("b");
        refusing = new io.proxyctl.testing.RefusingPort();
        deadPort = refusing.port();
        px = ProxyFixture.start(config(web.port(), pairA.port(), pairB.port(), deadPort), 1,
                io.proxyctl.transport.Transport.best());
        admin = new AdminHttp(px.server.adminAddress().getPort());
        try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, c.get("/web").status());
            }
            assertEquals(500, c.get("/web/err").status());
            for (int i = 0; i < 4; i++) {
                assertEquals(200, c.get("/pair").status());
            }
            assertEquals(200, c.get("/direct").status());
            assertEquals(301, c.get("/redirect").status());
            assertEquals(404, c.get("/nothing").status());
            assertEquals(503, c.get("/dead").status());
        }
        StatsView s = px.server.stats();
        AdminHttp.await(s, "http.ingress_http.downstream_rq_completed", 12);
        AdminHttp.await(s, "http.ingress_http.downstream_cx_destroy", 1);
    }

    @AfterAll
    static void stop() throws Exception {
        px.close();
        refusing.close();
        web.close();
        pairA.close();
        pairB.close();
    }

    @Test
    void downstreamRequestTotalsAndClasses() throws Exception {
        Map<String, String> st = admin.stats("?filter=^http\\.ingress_http\\.");
        assertEquals("12", st.get("http.ingress_http.downstream_rq_total"));
        assertEquals("12", st.get("http.ingress_http.downstream_rq_http1_total"));
        assertEquals("12", st.get("http.ingress_http.downstream_rq_completed"));
        assertEquals("8", st.get("http.ingress_http.downstream_rq_2xx"));
        assertEquals("1", st.get("http.ingress_http.downstream_rq_3xx"));
        assertEquals("1", st.get("http.ingress_http.downstream_rq_4xx"));
        assertEquals("2", st.get("http.ingress_http.downstream_rq_5xx"));
        assertEquals("0", st.get("http.ingress_http.downstream_rq_1xx"));
        assertEquals("0", st.get("http.ingress_http.downstream_rq_active"));
        assertEquals("1", st.get("http.ingress_http.no_route"));
        assertEquals("1", st.get("http.ingress_http.rq_direct_response"));
        assertEquals("1", st.get("http.ingress_http.rq_redirect"));
        assertEquals("9", st.get("http.ingress_http.rq_total"), "routed to a cluster: web 4, pair 4, dead 1");
        assertEquals("1", st.get("http.ingress_http.downstream_cx_total"));
        assertEquals("1", st.get("http.ingress_http.downstream_cx_destroy"));
        assertEquals("1", st.get("http.ingress_http.downstream_cx_destroy_remote"));
        assertEquals("0", st.get("http.ingress_http.downstream_cx_destroy_local"));
        assertEquals("0", st.get("http.ingress_http.downstream_cx_active"));
        Map<String, String> listener = admin.stats("?filter=^listener\\.127");
        assertEquals("1", listener.get("listener.127.0.0.1_0.downstream_cx_total"));
        assertEquals("8", listener.get("listener.127.0.0.1_0.http.ingress_http.downstream_rq_2xx"));
        assertEquals("12", listener.get("listener.127.0.0.1_0.http.ingress_http.downstream_rq_completed"));
    }

    @Test
    void upstreamCountsPerClusterAndCode() throws Exception {
        Map<String, String> st = admin.stats("?filter=^cluster\\.");
        assertEquals("4", st.get("cluster.web.upstream_rq_total"));
        assertEquals("3", st.get("cluster.web.upstream_rq_200"));
        assertEquals("3", st.get("cluster.web.upstream_rq_2xx"));
        assertEquals("1", st.get("cluster.web.upstream_rq_500"));
        assertEquals("1", st.get("cluster.web.upstream_rq_5xx"));
        assertEquals("4", st.get("cluster.web.upstream_rq_completed"));
        assertEquals("1", st.get("cluster.web.upstream_cx_total"), "one keep-alive connection");
        assertEquals("1", st.get("cluster.web.upstream_rq_pending_total"), "only the first request waited to connect");
        assertEquals("0", st.get("cluster.web.upstream_rq_pending_active"));
        assertEquals("0", st.get("cluster.web.upstream_rq_active"));
        assertEquals("4", st.get("cluster.pair.upstream_rq_total"));
        assertEquals("4", st.get("cluster.pair.upstream_rq_200"));
        assertEquals("2", st.get("cluster.pair.upstream_cx_total"));
        assertEquals("2", st.get("cluster.pair.membership_total"));
        assertEquals("2", st.get("cluster.pair.membership_healthy"));
        assertEquals("1", st.get("cluster.dead.upstream_cx_connect_fail"));
        assertEquals("1", st.get("cluster.dead.upstream_cx_total"));
        assertEquals("0", st.get("cluster.dead.upstream_rq_total"), "never attached to a connection");
        assertEquals("1", st.get("cluster.dead.upstream_rq_pending_total"));
        assertEquals("1", st.get("cluster.dead.upstream_rq_503"));
        assertEquals("1", st.get("cluster.dead.upstream_rq_completed"));
        assertEquals("0", st.get("cluster.dead.circuit_breakers.default.rq_open"));
        assertEquals("3", admin.stats("?filter=^cluster_manager").get("cluster_manager.active_clusters"));
    }

    @Test
    void perHostStatsInClusters() throws Exception {
        String text = admin.get("/clusters").body();
        String w = "web::127.0.0.1:" + web.port() + "::";
        assertTrue(text.contains(w + "cx_active::1\n" + w + "cx_connect_fail::0\n" + w + "cx_total::1\n"
                + w + "rq_active::0\n" + w + "rq_error::1\n" + w + "rq_success::3\n" + w + "rq_timeout::0\n"
                + w + "rq_total::4\n" + w + "hostname::web-1\n" + w + "health_flags::healthy\n" + w + "weight::1\n"), text);
        for (TestUpstream u : List.of(pairA, pairB)) {
            String p = "pair::127.0.0.1:" + u.port() + "::";
            assertTrue(text.contains(p + "rq_success::2\n" + p + "rq_timeout::0\n" + p + "rq_total::2\n"), text);
            assertTrue(text.contains(p + "region::eu\n" + p + "zone::eu-1\n" + p + "sub_zone::\n"), text);
        }
        String d = "dead::127.0.0.1:" + deadPort + "::";
        assertTrue(text.contains(d + "cx_connect_fail::1\n" + d + "cx_total::1\n" + d + "rq_active::0\n"
                + d + "rq_error::1\n" + d + "rq_success::0\n" + d + "rq_timeout::0\n" + d + "rq_total::0\n"), text);
    }

    @Test
    void histogramSampleCounts() throws Exception {
        StatsView s = px.server.stats();
        HistogramSnapshot rqTime = s.histogramSnapshot("http.ingress_http.downstream_rq_time");
        assertEquals(12, rqTime.cumulative().count());
        assertEquals(4, s.histogramSnapshot("cluster.web.upstream_rq_time").cumulative().count());
        assertEquals(4, s.histogramSnapshot("cluster.pair.upstream_rq_time").cumulative().count());
        assertEquals(0, s.histogramSnapshot("cluster.dead.upstream_rq_time").cumulative().count(),
                "no upstream response, no upstream_rq_time sample");
        assertEquals(1, s.histogramSnapshot("cluster.web.upstream_cx_connect_ms").cumulative().count());
        assertEquals(1, s.histogramSnapshot("listener.127.0.0.1_0.downstream_cx_length_ms").cumulative().count());
        assertEquals(1, s.histogramSnapshot("http.ingress_http.downstream_cx_length_ms").cumulative().count());
        // The Prometheus view of the same histogram: 12 samples, cumulative buckets ending at 12.
        String prom = admin.get("/stats/prometheus?filter=downstream_rq_time").body();
        assertTrue(prom.contains("envoy_http_downstream_rq_time_count{envoy_http_conn_manager_prefix=\"ingress_http\"} 12\n"),
                prom);
        assertTrue(prom.contains("envoy_http_downstream_rq_time_bucket{envoy_http_conn_manager_prefix=\"ingress_http\","
                + "le=\"+Inf\"} 12\n"), prom);
        // The text view: a quantile summary, never "No recorded values", for a histogram with samples.
        String line = admin.stats("?filter=http.ingress_http.downstream_rq_time").get("http.ingress_http.downstream_rq_time");
        assertTrue(line.startsWith("P0("), line);
    }

    @Test
    void adminCountsItsOwnTraffic() throws Exception {
        StatsView s = px.server.stats();
        // Let the previous tests' admin requests finish their accounting before taking the baseline.
        long total = s.value("http.admin.downstream_rq_total");
        AdminHttp.await(s, "http.admin.downstream_rq_completed", total);
        long completed = total;
        long ok = s.value("http.admin.downstream_rq_2xx");
        long notFound = s.value("http.admin.downstream_rq_4xx");
        long listener4xx = s.value("listener.admin.http.admin.downstream_rq_4xx");
        long connections = s.value("listener.admin.downstream_cx_total");
        assertEquals(200, admin.get("/ready").status());
        assertEquals(404, admin.get("/missing").status());
        // Completion stats are written once the response is flushed, so they may trail the client by a moment.
        AdminHttp.await(s, "http.admin.downstream_rq_total", total + 2);
        AdminHttp.await(s, "http.admin.downstream_rq_completed", completed + 2);
        AdminHttp.await(s, "http.admin.downstream_rq_2xx", ok + 1);
        AdminHttp.await(s, "http.admin.downstream_rq_4xx", notFound + 1);
        AdminHttp.await(s, "listener.admin.http.admin.downstream_rq_4xx", listener4xx + 1);
        AdminHttp.await(s, "listener.admin.downstream_cx_total", connections + 2);
    }
}
