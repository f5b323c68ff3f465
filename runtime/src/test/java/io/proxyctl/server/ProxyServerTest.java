package io.proxyctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.admin.AdminHandler;
import io.proxyctl.admin.AdminRequest;
import io.proxyctl.admin.AdminResponse;
import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import io.proxyctl.transport.Transport;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server facade: binding, bind failures, admin seam, shutdown, transports, filter chains. */
@ExtendWith(LeakCheckExtension.class)
class ProxyServerTest {
    private static String twoListeners(int firstPort, int secondPort) {
        return """
                static_resources:
                  listeners:
                  - name: first
                    address: { socket_address: { address: 127.0.0.1, port_value: %d } }
                    filter_chains: [ { filters: [ %s ] } ]
                  - name: ingress
                    address: { socket_address: { address: 127.0.0.1, port_value: %d } }
                    filter_chains: [ { filters: [ %s ] } ]
                """.formatted(firstPort, hcm("a"), secondPort, hcm("b"));
    }

    private static String hcm(String prefix) {
        return "{ name: hcm, typed_config: { \"@type\": type.googleapis.com/envoy.extensions.filters.network."
                + "http_connection_manager.v3.HttpConnectionManager, stat_prefix: " + prefix + ", route_config: "
                + "{ virtual_hosts: [ { name: d, domains: ['*'], routes: [ { match: { prefix: / }, direct_response: "
                + "{ status: 200, body: { inline_string: " + prefix + " } } } ] } ] }, http_filters: [ { name: r, "
                + "typed_config: { \"@type\": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router } } ] } }";
    }

    @Test
    void bindFailureNamesTheListenerAndReleasesEverything() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(false);
            taken.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            int busy = taken.getLocalPort();
            int free;
            try (ServerSocket s = new ServerSocket(0)) {
                free = s.getLocalPort();
            }
            ProxyStartException e = assertThrows(ProxyStartException.class,
                    () -> ProxyFixture.start(twoListeners(free, busy)));
            assertEquals("listener 'ingress': 127.0.0.1:" + busy + " already in use", e.getMessage());
            assertTrue(e.isBindFailure());
            // the first listener was bound, then released
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new java.net.InetSocketAddress("127.0.0.1", free));
            }
        }
    }

    @Test
    void adminBindFailureIsReported() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            String yaml = Configs.bootstrap("", Configs.catchAll("web"), Configs.staticCluster("web", 1))
                    .replaceFirst("port_value: 0", "port_value: " + taken.getLocalPort());
            ProxyStartException e = assertThrows(ProxyStartException.class, () -> ProxyFixture.start(yaml));
            assertEquals("admin listener: 127.0.0.1:" + taken.getLocalPort() + " already in use", e.getMessage());
        }
    }

    @Test
    void portZeroListenersReportTheirPortsAndLogOneLineEach() throws Exception {
        try (ProxyFixture px = ProxyFixture.start(twoListeners(0, 0))) {
            int a = px.port("first");
            int b = px.port("ingress");
            assertTrue(a > 0 && b > 0 && a != b);
            try (RawHttp c = RawHttp.connect(a)) {
                assertEquals("a", c.get("/").body());
            }
            try (RawHttp c = RawHttp.connect(b)) {
                assertEquals("b", c.get("/").body());
            }
            assertEquals(2, px.log.stream().filter(l -> l.startsWith("listener '")).count(), px.log.toString());
            assertTrue(px.log.contains("listener 'first' listening on 127.0.0.1:" + a + " (2 event loops, "
                    + Transport.best().name().toLowerCase() + ")"), px.log.toString());
            assertThrows(IllegalArgumentException.class, () -> px.port("nope"));
            assertNull(px.server.adminAddress());
            assertEquals(2, px.server.listeners().size());
        }
    }

    @Test
    void adminServesEnvoysEndpointsAndAcceptsMoreHandlers() throws Exception {
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"), Configs.staticCluster("web", 1)))) {
            int port = px.server.adminAddress().getPort();
            px.server.adminHandlers().register(new AdminHandler() {
                @Override
                public String prefix() {
                    return "/custom";
                }

                @Override
                public String helpText() {
                    return "a handler registered after start";
                }

                @Override
                public AdminResponse handle(AdminRequest request) {
                    return AdminResponse.text(200, "custom " + request.param("x") + "\n");
                }
            });
            try (RawHttp c = RawHttp.connect(port)) {
                assertEquals("LIVE\n", c.get("/ready").body());
                assertEquals("custom 1\n", c.get("/custom?x=1").body());
                RawHttp.Response r = c.get("/quitquitquit");
                assertEquals(405, r.status());
                assertEquals("Method GET not allowed, POST required.", r.body());
                RawHttp.Response unknown = c.get("/nope");
                assertEquals(404, unknown.status());
                assertTrue(unknown.body().startsWith("invalid path. admin commands are:\n"), unknown.body());
                assertTrue(unknown.body().contains("\n  /custom: a handler registered after start\n"), unknown.body());
            }
        }
    }

    @Test
    void gracefulShutdownLetsInFlightRequestsFinish() throws Exception {
        try (TestUpstream up = TestUpstream.start("slow").handler(ex -> {
            if (ex.request.uri().equals("/slow")) {
                ex.later(300, () -> ex.respond(200, "done"));
            } else {
                ex.respond(200, "quick");
            }
        })) {
            ProxyFixture px = ProxyFixture.start(Configs.bootstrap("drain_timeout: 3s", Configs.catchAll("web"),
                    Configs.staticCluster("web", up.port())));
            int port = px.port("ingress");
            RawHttp c = RawHttp.connect(port);
            c.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
            up.take();
            RawHttp idle = RawHttp.connect(port);
            assertEquals(200, idle.get("/").status());
            CompletableFuture<Void> stop = CompletableFuture.runAsync(px::close);
            RawHttp.Response r = c.read();
            assertEquals(200, r.status());
            assertEquals("done", r.body());
            assertEquals("close", r.header("connection"), "draining responses close the connection: " + r.headers().stream().map(h -> h[0] + "=" + h[1]).toList() + px.log);
            assertTrue(idle.closedByPeer(3000), "idle connections are closed when draining starts");
            stop.get(10, TimeUnit.SECONDS);
            assertEquals(ProxyServer.State.TERMINATED, px.server.state());
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close());
            c.close();
            idle.close();
        }
    }

    @Test
    void drainTimeoutBoundsShutdown() throws Exception {
        try (TestUpstream up = TestUpstream.start("never").handler(ex -> { })) {
            ProxyFixture px = ProxyFixture.start(Configs.bootstrap("drain_timeout: 0.3s", Configs.catchAll("web"),
                    Configs.staticCluster("web", up.port())));
            try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                up.take();
                long t0 = System.nanoTime();
                px.close();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms >= 250 && ms < 5000, "shutdown took " + ms + " ms");
                assertTrue(c.closedByPeer(2000));
                assertTrue(px.server.awaitTermination(Duration.ofSeconds(1)));
            }
        }
    }

    @Test
    void nioTransportAndOneLoop() throws Exception {
        try (TestUpstream up = TestUpstream.start("nio");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())), 1, Transport.NIO);
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals("nio", c.get("/").body());
            assertEquals(1, px.stat("server.concurrency"));
            assertTrue(px.log.get(px.log.size() - 1).endsWith("(1 event loops, nio)"), px.log.toString());
        }
    }

    @Test
    void filterChainsAreSelectedPerConnection() throws Exception {
        String yaml = """
                static_resources:
                  listeners:
                  - name: ingress
                    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                    filter_chains:
                    - filter_chain_match: { source_type: EXTERNAL }
                      filters: [ %s ]
                    - filter_chain_match: { source_prefix_ranges: [ { address_prefix: 127.0.0.0, prefix_len: 8 } ] }
                      filters: [ %s ]
                    - filter_chain_match: { source_prefix_ranges: [ { address_prefix: 127.0.0.1, prefix_len: 32 } ] }
                      filters: [ %s ]
                """.formatted(hcm("external"), hcm("loopback8"), hcm("exact32"));
        try (ProxyFixture px = ProxyFixture.start(yaml); RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals("exact32", c.get("/").body(), "the longest source prefix wins");
            assertEquals(1, px.stat("listener.127.0.0.1_0.downstream_cx_total"));
        }
    }

    @Test
    void unsupportedChainsCloseConnectionsAndDefaultChainCatchesTheRest() throws Exception {
        String yaml = """
                static_resources:
                  listeners:
                  - name: tcp
                    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                    filter_chains:
                    - filters:
                      - name: envoy.filters.network.tcp_proxy
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                          stat_prefix: tcp
                          cluster: web
                  - name: fallback
                    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                    filter_chains:
                    - filter_chain_match: { server_names: [ secure.example ] }
                      filters: [ %s ]
                    default_filter_chain: { filters: [ %s ] }
                """.formatted(hcm("sni"), hcm("default"));
        try (ProxyFixture px = ProxyFixture.start(yaml)) {
            try (RawHttp c = RawHttp.connect(px.port("tcp"))) {
                assertTrue(c.closedByPeer(2000));
            }
            assertEquals(1, px.stat("tcp.tcp.downstream_cx_no_route"));
            try (RawHttp c = RawHttp.connect(px.port("fallback"))) {
                assertEquals("default", c.get("/").body());
            }
        }
    }

    @Test
    void startFailuresAreOneLineMessages() {
        String badRegex = Configs.bootstrap("", """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { safe_regex: { regex: "([" } }
                    route: { cluster: web }
                """, Configs.staticCluster("web", 1));
        ProxyStartException e = assertThrows(ProxyStartException.class, () -> ProxyFixture.start(badRegex));
        assertTrue(e.getMessage().startsWith("virtual host 'all' route #0: invalid regex '(['"), e.getMessage());
        String badTls = Configs.bootstrap("", Configs.catchAll("web"), Configs.staticCluster("web", 1)
                + "  transport_socket:\n    name: tls\n    typed_config:\n      \"@type\": type.googleapis.com/envoy.extensions."
                + "transport_sockets.tls.v3.UpstreamTlsContext\n      common_tls_context: { validation_context: "
                + "{ trusted_ca: { filename: /no/such/ca.pem } } }\n");
        e = assertThrows(ProxyStartException.class, () -> ProxyFixture.start(badTls));
        assertEquals("cluster 'web' tls trusted_ca: cannot read '/no/such/ca.pem'", e.getMessage());
        String staticName = Configs.bootstrap("", Configs.catchAll("web"),
                Configs.staticCluster("web", 1).replace("127.0.0.1", "localhost"));
        e = assertThrows(ProxyStartException.class, () -> ProxyFixture.start(staticName));
        assertTrue(e.getMessage().contains("STATIC endpoint 'localhost' is not an IP address"), e.getMessage());
        assertNotNull(e.getMessage());
    }
}
