package io.proxyctl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Envoy's local replies: exact status, body, headers, response flags in the access log, and stats. */
@ExtendWith(LeakCheckExtension.class)
class LocalReplyTest {
    private static final String LOG = """
            access_log:
            - name: envoy.access_loggers.stdout
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
                log_format:
                  text_format_source:
                    inline_string: "%RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %UPSTREAM_HOST%\\n"
            """;

    private static String awaitLog(ProxyFixture px, int lines) throws InterruptedException {
        for (int i = 0; i < 200 && px.stdoutText().lines().count() < lines; i++) {
            Thread.sleep(10);
        }
        return px.stdoutText();
    }

    /** Sockets that hold "closed" ports: bound, never listening (connects are refused), so nobody else gets them. */
    private static final java.util.List<io.proxyctl.testing.RefusingPort> HELD =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private static int closedPort() throws Exception {
        io.proxyctl.testing.RefusingPort refusing = new io.proxyctl.testing.RefusingPort();
        HELD.add(refusing);
        return refusing.port();
    }

    @Test
    void noRouteIs404WithEmptyBodyAndFlagNR() throws Exception {
        String vh = """
                - name: only
                  domains: ["only.example.com"]
                  routes:
                  - match: { prefix: "/" }
                    route: { cluster: web }
                """;
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, vh, Configs.staticCluster("web", 1)));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/x");
            assertEquals(404, r.status());
            assertEquals("", r.body());
            assertEquals("0", r.header("content-length"));
            assertNull(r.header("content-type"));
            assertEquals("envoy", r.header("server"));
            assertNotNull(r.header("date"));
            assertTrue(awaitLog(px, 1).startsWith("404 NR route_not_found -\n"), px.stdoutText());
            assertEquals(1, px.stat("http.ingress_http.no_route"));
            // the connection stays usable
            assertEquals(404, c.get("/y").status());
        }
    }

    @Test
    void unknownClusterFromHeaderIs503NC() throws Exception {
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/" }
                    route: { cluster_header: x-cluster }
                """;
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, vh, Configs.staticCluster("web", 1)));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/", "x-cluster: nope");
            assertEquals(503, r.status());
            assertEquals("", r.body());
            assertTrue(awaitLog(px, 1).startsWith("503 NC cluster_not_found -"), px.stdoutText());
            assertEquals(503, c.get("/").status()); // header missing: also NC
            assertEquals(2, px.stat("http.ingress_http.no_cluster"));
        }
    }

    @Test
    void emptyClusterIs503UH() throws Exception {
        String cluster = """
                - name: web
                  type: STATIC
                  load_assignment: { cluster_name: web, endpoints: [] }
                """;
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, Configs.catchAll("web"), cluster));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/");
            assertEquals(503, r.status());
            assertEquals("no healthy upstream", r.body());
            assertEquals("text/plain", r.header("content-type"));
            assertEquals("19", r.header("content-length"));
            assertTrue(awaitLog(px, 1).startsWith("503 UH no_healthy_upstream -"), px.stdoutText());
            assertEquals(1, px.stat("cluster.web.upstream_cx_none_healthy"));
        }
    }

    @Test
    void connectFailureIs503UFWithEnvoysBody() throws Exception {
        int port = closedPort();
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, Configs.catchAll("web"),
                Configs.staticCluster("web", port)));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/");
            assertEquals(503, r.status());
            assertEquals("upstream connect error or disconnect/reset before headers. reset reason: connection failure",
                    r.body());
            assertEquals("text/plain", r.header("content-type"));
            assertTrue(awaitLog(px, 1).startsWith("503 UF upstream_reset_before_response_started{connection_failure} 127.0.0.1:"
                    + port), px.stdoutText());
            assertEquals(1, px.stat("cluster.web.upstream_cx_connect_fail"));
            // As Envoy's pool: the request waited for a connection (pending) but never got one, so it is not in
            // upstream_rq_total; the router still charges the 503 it answered with.
            assertEquals(0, px.stat("cluster.web.upstream_rq_total"));
            assertEquals(1, px.stat("cluster.web.upstream_rq_pending_total"));
            assertEquals(1, px.stat("cluster.web.upstream_rq_503"));
            assertEquals(1, px.stat("http.ingress_http.downstream_rq_5xx"));
        }
    }

    @Test
    void connectTimeoutIs503UFConnectionTimeout() throws Exception {
        // A listener whose accept queue is full: the SYN is dropped and connect() hangs until the timeout.
        try (ServerSocket full = new ServerSocket(0, 1)) {
            List<Socket> fillers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket();
                try {
                    s.connect(full.getLocalSocketAddress(), 200);
                } catch (java.io.IOException ignored) {
                    // the queue is full already
                }
                fillers.add(s);
            }
            String cluster = """
                    - name: web
                      type: STATIC
                      connect_timeout: 0.25s
                      load_assignment:
                        cluster_name: web
                        endpoints:
                        - lb_endpoints:
                          - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                    """.formatted(full.getLocalPort());
            try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, Configs.catchAll("web"), cluster));
                 RawHttp c = RawHttp.connect(px.port("ingress"))) {
                long t0 = System.nanoTime();
                RawHttp.Response r = c.get("/");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(503, r.status());
                assertEquals("upstream connect error or disconnect/reset before headers. reset reason: connection timeout",
                        r.body());
                assertTrue(ms >= 200 && ms < 3000, "took " + ms + " ms");
                assertTrue(awaitLog(px, 1).startsWith("503 UF "), px.stdoutText());
                assertEquals(1, px.stat("cluster.web.upstream_cx_connect_timeout"));
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void routeTimeoutRunsWhileStillConnecting() throws Exception {
        try (ServerSocket full = new ServerSocket(0, 1)) {
            List<Socket> fillers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket();
                try {
                    s.connect(full.getLocalSocketAddress(), 200);
                } catch (java.io.IOException ignored) {
                    // the queue is full already
                }
                fillers.add(s);
            }
            String vh = """
                    - name: all
                      domains: ["*"]
                      routes:
                      - match: { prefix: "/" }
                        route: { cluster: web, timeout: 0.2s }
                    """;
            String cluster = Configs.staticCluster("web", full.getLocalPort()).replace("connect_timeout: 1s",
                    "connect_timeout: 5s");
            try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, vh, cluster));
                 RawHttp c = RawHttp.connect(px.port("ingress"))) {
                long t0 = System.nanoTime();
                RawHttp.Response r = c.get("/");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(504, r.status());
                assertEquals("upstream request timeout", r.body());
                assertTrue(ms < 3000, "took " + ms + " ms");
                assertEquals(504, c.get("/").status(), "the downstream connection stays usable");
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void routeTimeoutIs504UT() throws Exception {
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/" }
                    route: { cluster: web, timeout: 0.3s }
                """;
        try (TestUpstream up = TestUpstream.start("slow").handler(ex -> ex.later(2000, () -> ex.respond(200, "late")));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, vh, Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            long t0 = System.nanoTime();
            RawHttp.Response r = c.get("/");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(504, r.status());
            assertEquals("upstream request timeout", r.body());
            assertTrue(ms >= 250 && ms < 1500, "took " + ms);
            assertTrue(awaitLog(px, 1).startsWith("504 UT response_timeout 127.0.0.1:" + up.port()), px.stdoutText());
            assertEquals(1, px.stat("cluster.web.upstream_rq_timeout"));
            assertEquals("300", up.take().header("x-envoy-expected-rq-timeout-ms"));
        }
    }

    @Test
    void zeroTimeoutDisablesTheRouteTimeout() throws Exception {
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/" }
                    route: { cluster: web, timeout: 0s }
                """;
        try (TestUpstream up = TestUpstream.start("slow").handler(ex -> ex.later(400, () -> ex.respond(200, "late")));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vh, Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/");
            assertEquals(200, r.status());
            assertEquals("late", r.body());
            assertNull(up.take().header("x-envoy-expected-rq-timeout-ms"));
        }
    }

    @Test
    void upstreamCloseBeforeHeadersIs503UC() throws Exception {
        try (TestUpstream up = TestUpstream.start("closer").handler(TestUpstream.Exchange::close);
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/");
            assertEquals(503, r.status());
            assertEquals("upstream connect error or disconnect/reset before headers. reset reason: connection termination",
                    r.body());
            assertTrue(awaitLog(px, 1).startsWith("503 UC "), px.stdoutText());
        }
    }

    @Test
    void upstreamResetBeforeHeadersIs503UR() throws Exception {
        try (TestUpstream up = TestUpstream.start("resetter").handler(TestUpstream.Exchange::reset);
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/");
            assertEquals(503, r.status());
            assertEquals("upstream connect error or disconnect/reset before headers. reset reason: remote reset", r.body());
            assertTrue(awaitLog(px, 1).startsWith("503 UR "), px.stdoutText());
            assertEquals(1, px.stat("cluster.web.upstream_rq_rx_reset"));
        }
    }

    @Test
    void upstreamCloseAfterHeadersResetsTheDownstreamConnection() throws Exception {
        try (TestUpstream up = TestUpstream.start("half").handler(ex -> ex.raw(
                "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial", true));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            byte[] all = c.socket().getInputStream().readAllBytes();
            String s = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(s.startsWith("HTTP/1.1 200 OK"), s);
            assertTrue(s.endsWith("partial"), s);
            assertTrue(awaitLog(px, 1).startsWith("200 UC "), px.stdoutText());
        }
    }

    @Test
    void circuitBreakerOverflowIs503UO() throws Exception {
        String cluster = """
                - name: web
                  type: STATIC
                  circuit_breakers: { thresholds: [ { priority: DEFAULT, max_requests: 1 } ] }
                  load_assignment:
                    cluster_name: web
                    endpoints:
                    - lb_endpoints:
                      - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                """;
        try (TestUpstream up = TestUpstream.start("slow").handler(ex -> ex.later(500, () -> ex.respond(200, "ok")));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, Configs.catchAll("web"),
                     cluster.formatted(up.port())));
             RawHttp a = RawHttp.connect(px.port("ingress"));
             RawHttp b = RawHttp.connect(px.port("ingress"))) {
            a.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            up.take();
            RawHttp.Response rb = b.get("/");
            assertEquals(503, rb.status());
            assertEquals("upstream connect error or disconnect/reset before headers. reset reason: overflow", rb.body());
            assertEquals(200, a.read().status());
            assertTrue(awaitLog(px, 2).contains("503 UO "), px.stdoutText());
        }
    }

    @Test
    void badRequestIs400AndClosesTheConnection() throws Exception {
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                Configs.staticCluster("web", 1)));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n");
            RawHttp.Response r = c.read();
            assertEquals(400, r.status());
            assertEquals("close", r.header("connection"));
            assertTrue(c.closedByPeer(2000));
        }
    }

    @Test
    void missingHostIs400() throws Exception {
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                Configs.staticCluster("web", 1)));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("GET / HTTP/1.1\r\n\r\n");
            assertEquals(400, c.read().status());
        }
    }

    @Test
    void oversizedHeadersAre431() throws Exception {
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("max_request_headers_kb: 1", Configs.catchAll("web"),
                Configs.staticCluster("web", 1)));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\nx-big: " + "a".repeat(2000) + "\r\n\r\n");
            assertEquals(431, c.read().status());
        }
    }
}
