package io.proxyctl.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Clusters end to end: DNS discovery via localhost, pooling, balancing and hash policies through the proxy. */
@ExtendWith(LeakCheckExtension.class)
class ClusterIntegrationTest {
    private static String dnsCluster(String type, String family, String refresh, int... ports) {
        StringBuilder sb = new StringBuilder("""
                - name: web
                  type: %s
                  dns_lookup_family: %s
                  dns_refresh_rate: %s
                  load_assignment:
                    cluster_name: web
                    endpoints:
                    - lb_endpoints:
                """.formatted(type, family, refresh));
        for (int p : ports) {
            sb.append("      - endpoint: { address: { socket_address: { address: localhost, port_value: ")
                    .append(p).append(" } } }\n");
        }
        return sb.toString();
    }

    @Test
    void strictDnsResolvesLocalhostAndReResolves() throws Exception {
        try (TestUpstream a = TestUpstream.start("a"); TestUpstream b = TestUpstream.start("b");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     dnsCluster("STRICT_DNS", "V4_ONLY", "0.1s", a.port(), b.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                seen.add(c.get("/").body());
            }
            assertEquals(Set.of("a", "b"), seen);
            assertEquals(2, px.stat("cluster.web.membership_total"));
            long attempts = px.stat("cluster.web.update_attempt");
            Thread.sleep(500);
            assertTrue(px.stat("cluster.web.update_attempt") >= attempts + 2, "re-resolved every dns_refresh_rate");
            assertEquals(1, px.stat("cluster.web.membership_change"), "unchanged answers keep the host set");
            assertEquals(200, c.get("/").status());
        }
    }

    @Test
    void logicalDnsUsesOneHostAndItsName() throws Exception {
        try (TestUpstream a = TestUpstream.start("a");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     dnsCluster("LOGICAL_DNS", "V4_ONLY", "5s", a.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals("a", c.get("/").body());
            UpstreamCluster cl = px.server.clusters().iterator().next();
            assertEquals(1, cl.prioritySet().totalHosts());
            Host h = cl.prioritySet().allHosts().get(0);
            assertEquals("localhost", h.hostname());
            assertEquals("127.0.0.1:" + a.port(), h.addressString());
        }
    }

    @Test
    void dnsLookupFamilyFiltersAddresses() throws Exception {
        try (TestUpstream a = TestUpstream.start("a");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     dnsCluster("STRICT_DNS", "V6_ONLY", "5s", a.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            UpstreamCluster cl = px.server.clusters().iterator().next();
            for (Host h : cl.prioritySet().allHosts()) {
                assertTrue(h.address().getAddress() instanceof java.net.Inet6Address, h.addressString());
            }
            if (cl.prioritySet().isEmpty()) {
                // This machine has no IPv6 address for localhost: V6_ONLY finds nothing.
                assertEquals("no healthy upstream", c.get("/").body());
                assertTrue(px.stat("cluster.web.update_failure") >= 1);
            }
        }
    }

    @Test
    void unresolvableNameIsNoHealthyUpstream() throws Exception {
        String cluster = """
                - name: web
                  type: STRICT_DNS
                  load_assignment:
                    cluster_name: web
                    endpoints:
                    - lb_endpoints:
                      - endpoint: { address: { socket_address: { address: no-such-host.invalid, port_value: 80 } } }
                """;
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"), cluster));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/");
            assertEquals(503, r.status());
            assertEquals("no healthy upstream", r.body());
            assertTrue(px.stat("cluster.web.update_failure") >= 1);
        }
    }

    @Test
    void keepAliveConnectionsArePooledAndReused() throws Exception {
        try (TestUpstream a = TestUpstream.start("a");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     Configs.staticCluster("web", a.port())), 1, io.proxyctl.transport.Transport.best())) {
            for (int conn = 0; conn < 5; conn++) {
                try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                    for (int i = 0; i < 4; i++) {
                        assertEquals(200, c.get("/").status());
                    }
                }
            }
            assertEquals(1, a.connectionCount(), "20 requests over 5 client connections used one upstream connection");
            assertEquals(1, px.stat("cluster.web.upstream_cx_total"));
            assertEquals(20, px.stat("cluster.web.upstream_rq_total"));
            assertEquals(20, px.stat("cluster.web.upstream_rq_200"));
            assertEquals(20, px.stat("cluster.web.upstream_rq_2xx"));
        }
    }

    @Test
    void upstreamConnectionCloseIsNotReused() throws Exception {
        try (TestUpstream a = TestUpstream.start("a").handler(ex -> ex.respond(200, "x", "connection", "close"));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     Configs.staticCluster("web", a.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/");
            assertEquals(200, r.status());
            assertEquals(null, r.header("connection"), "the upstream's close is hop-by-hop");
            assertEquals(200, c.get("/").status());
            assertEquals(2, a.connectionCount());
        }
    }

    @Test
    void hashPoliciesPinRequestsToOneHost() throws Exception {
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/h" }
                    route: { cluster: web, hash_policy: [ { header: { header_name: x-user } } ] }
                  - match: { prefix: "/q" }
                    route: { cluster: web, hash_policy: [ { query_parameter: { name: u } } ] }
                  - match: { prefix: "/c" }
                    route: { cluster: web, hash_policy: [ { cookie: { name: session, ttl: 60s, path: / } } ] }
                  - match: { prefix: "/ip" }
                    route: { cluster: web, hash_policy: [ { connection_properties: { source_ip: true } } ] }
                """;
        String cluster = Configs.staticCluster("web", 0, 0, 0);
        try (TestUpstream a = TestUpstream.start("a"); TestUpstream b = TestUpstream.start("b");
             TestUpstream d = TestUpstream.start("d")) {
            cluster = Configs.staticCluster("web", a.port(), b.port(), d.port()).replace("connect_timeout: 1s",
                    "connect_timeout: 1s\n  lb_policy: RING_HASH");
            try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vh, cluster))) {
                Map<String, String> owner = new HashMap<>();
                Set<String> used = new HashSet<>();
                for (int round = 0; round < 3; round++) {
                    try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                        for (int u = 0; u < 12; u++) {
                            String body = c.get("/h", "x-user: user" + u).body();
                            assertEquals(owner.computeIfAbsent("h" + u, k -> body), body);
                            used.add(body);
                            String q = c.get("/q?u=user" + u).body();
                            assertEquals(owner.computeIfAbsent("q" + u, k -> q), q);
                        }
                        String ip = c.get("/ip").body();
                        assertEquals(owner.computeIfAbsent("ip", k -> ip), ip);
                    }
                }
                assertTrue(used.size() >= 2, "header hashes spread over hosts: " + used);
                try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                    RawHttp.Response first = c.get("/c");
                    String setCookie = first.header("set-cookie");
                    assertTrue(setCookie.startsWith("session=\"") && setCookie.contains("Max-Age=60")
                            && setCookie.contains("Path=/"), setCookie);
                    String value = setCookie.substring(9, setCookie.indexOf('"', 9));
                    for (int i = 0; i < 5; i++) {
                        RawHttp.Response r = c.get("/c", "cookie: session=" + value);
                        assertEquals(first.body(), r.body());
                        assertEquals(null, r.header("set-cookie"));
                    }
                }
            }
        }
    }

    @Test
    void weightedRoundRobinThroughTheProxy() throws Exception {
        try (TestUpstream a = TestUpstream.start("a"); TestUpstream b = TestUpstream.start("b")) {
            String cluster = """
                    - name: web
                      load_assignment:
                        cluster_name: web
                        endpoints:
                        - lb_endpoints:
                          - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                            load_balancing_weight: 2
                          - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                            load_balancing_weight: 1
                    """.formatted(a.port(), b.port());
            try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"), cluster), 1,
                    io.proxyctl.transport.Transport.best());
                 RawHttp c = RawHttp.connect(px.port("ingress"))) {
                Map<String, Integer> n = new HashMap<>();
                for (int i = 0; i < 90; i++) {
                    n.merge(c.get("/").body(), 1, Integer::sum);
                }
                assertEquals(Map.of("a", 60, "b", 30), n);
            }
        }
    }
}
