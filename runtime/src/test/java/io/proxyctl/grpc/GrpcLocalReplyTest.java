package io.proxyctl.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Local replies to gRPC requests (trailers-only, HTTP 200, grpc-status mapped from the HTTP status), the
 * {@code grpc: {}} route match and the grpc-timeout header against route timeouts, over HTTP/1.1 where Envoy
 * applies the same rules as over HTTP/2 (they only read the content-type).
 */
@ExtendWith(LeakCheckExtension.class)
class GrpcLocalReplyTest {
    private static final String LOG = """
            access_log:
            - name: envoy.access_loggers.stdout
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
                log_format: { text_format_source: { inline_string: "%RESPONSE_CODE% %RESPONSE_FLAGS%\\n" } }
            """;

    private static RawHttp.Response post(RawHttp c, String path, String contentType, String... extra) throws IOException {
        StringBuilder sb = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: test\r\nte: trailers\r\n");
        sb.append("content-type: ").append(contentType).append("\r\ncontent-length: 5\r\n");
        for (String h : extra) {
            sb.append(h).append("\r\n");
        }
        c.send(sb.append("\r\n").toString());
        c.send(new byte[] {0, 0, 0, 0, 0}); // an empty gRPC message frame
        return c.read();
    }

    private static void assertGrpcError(RawHttp.Response r, int grpcStatus, String message) {
        assertEquals(200, r.status());
        assertEquals("application/grpc", r.header("content-type"));
        assertEquals(Integer.toString(grpcStatus), r.header("grpc-status"));
        assertEquals(message, r.header("grpc-message"));
        assertEquals("0", r.header("content-length"));
        assertEquals("", r.body());
    }

    private static String vhost(String routes) {
        return "- name: all\n  domains: [\"*\"]\n  routes:\n" + Configs.indent(routes, 2);
    }

    private static void awaitLog(ProxyFixture px, String expected) throws InterruptedException {
        for (int i = 0; i < 200 && !px.stdoutText().equals(expected); i++) {
            Thread.sleep(10);
        }
        assertEquals(expected, px.stdoutText());
    }

    @Test
    void unknownRouteIsUnimplementedForGrpcAndPlain404Otherwise() throws Exception {
        String routes = """
                - match: { prefix: "/known" }
                  route: { cluster: web }
                """;
        try (TestUpstream up = TestUpstream.start("web");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, vhost(routes), Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertGrpcError(post(c, "/pkg.Svc/Missing", "application/grpc"), GrpcStatus.UNIMPLEMENTED, null);
            assertGrpcError(post(c, "/pkg.Svc/Missing", "application/grpc+proto"), GrpcStatus.UNIMPLEMENTED, null);
            RawHttp.Response web = post(c, "/pkg.Svc/Missing", "application/grpc-web");
            assertEquals(404, web.status());
            assertNull(web.header("grpc-status"));
            awaitLog(px, "200 NR\n200 NR\n404 NR\n");
            assertEquals(2, px.stat("http.ingress_http.downstream_rq_2xx"));
        }
    }

    @Test
    void noHealthyUpstreamIsUnavailable() throws Exception {
        String cluster = """
                - name: empty
                  type: STATIC
                  connect_timeout: 1s
                  load_assignment: { cluster_name: empty, endpoints: [] }
                """;
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, Configs.catchAll("empty"), cluster));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertGrpcError(post(c, "/pkg.Svc/Call", "application/grpc"), GrpcStatus.UNAVAILABLE, "no healthy upstream");
            awaitLog(px, "200 UH\n");
            // The connection stays usable: a trailers-only reply has a length.
            assertEquals(503, c.get("/").status());
        }
    }

    @Test
    void accessLogGrpcStatus() throws Exception {
        String log = """
                access_log:
                - name: envoy.access_loggers.stdout
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
                    log_format:
                      text_format_source:
                        inline_string: "%GRPC_STATUS% %GRPC_STATUS(SNAKE_STRING)% %GRPC_STATUS_NUMBER% %RESPONSE_CODE%\\n"
                """;
        String routes = """
                - match: { prefix: "/pkg.Svc/Missing" }
                  route: { cluster: empty }
                - match: { prefix: "/" }
                  route: { cluster: web }
                """;
        try (TestUpstream up = TestUpstream.start("web").handler(ex -> ex.respond(200, "", "content-type",
                "application/grpc", "grpc-status", "5"));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(log, vhost(routes),
                     Configs.staticCluster("web", up.port()) + Configs.staticCluster("empty")));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            post(c, "/pkg.Svc/Missing", "application/grpc");
            awaitLog(px, "Unavailable UNAVAILABLE 14 200\n");
            post(c, "/pkg.Svc/Found", "application/grpc");
            awaitLog(px, "Unavailable UNAVAILABLE 14 200\nNotFound NOT_FOUND 5 200\n");
            post(c, "/pkg.Svc/Found", "application/json");
            awaitLog(px, "Unavailable UNAVAILABLE 14 200\nNotFound NOT_FOUND 5 200\n- - - 200\n");
        }
    }

    @Test
    void overHttp2TheReplyIsOneHeadersFrameWithoutContentLength() throws Exception {
        String cluster = """
                - name: empty
                  type: STATIC
                  connect_timeout: 1s
                  load_assignment: { cluster_name: empty, endpoints: [] }
                """;
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("empty"), cluster));
             io.proxyctl.testing.H2Client c = io.proxyctl.testing.H2Client.connect(px.port("ingress"))) {
            io.netty.handler.codec.http2.Http2Headers h = io.proxyctl.testing.H2Client.headers("POST", "/pkg.Svc/Call")
                    .add("content-type", "application/grpc").add("te", "trailers");
            io.proxyctl.testing.H2Client.Response r = c.send(h, new byte[] {0, 0, 0, 0, 0}, null).await();
            assertTrue(r.headersOnly, "trailers-only: HEADERS with END_STREAM");
            assertEquals(200, r.status());
            assertEquals("14", r.header("grpc-status"));
            assertEquals("no healthy upstream", r.header("grpc-message"));
            assertNull(r.header("content-length"));
        }
    }

    @Test
    void connectFailureIsUnavailableWithTheResetReason() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            held.close();
            try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("gone"),
                    Configs.staticCluster("gone", held.getLocalPort())));
                 RawHttp c = RawHttp.connect(px.port("ingress"))) {
                RawHttp.Response r = post(c, "/pkg.Svc/Call", "application/grpc");
                assertGrpcError(r, GrpcStatus.UNAVAILABLE,
                        "upstream connect error or disconnect/reset before headers. reset reason: connection failure");
                assertEquals(1, px.stat("cluster.gone.upstream_cx_connect_fail"));
            }
        }
    }

    @Test
    void directResponseToAGrpcRequestBecomesItsStatusAndMessage() throws Exception {
        String routes = """
                - match: { prefix: "/", grpc: {} }
                  direct_response: { status: 503, body: { inline_string: "down for 100% maintenance" } }
                - match: { prefix: "/" }
                  direct_response: { status: 200, body: { inline_string: "plain" } }
                """;
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vhost(routes), Configs.staticCluster("web", 1)));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertGrpcError(post(c, "/pkg.Svc/Call", "application/grpc"), GrpcStatus.UNAVAILABLE,
                    "down for 100%25 maintenance");
            RawHttp.Response plain = post(c, "/pkg.Svc/Call", "application/json");
            assertEquals(200, plain.status());
            assertEquals("plain", plain.body());
        }
    }

    @Test
    void grpcRouteMatchSendsGrpcToItsCluster() throws Exception {
        String routes = """
                - match: { prefix: "/", grpc: {} }
                  route: { cluster: grpc }
                - match: { prefix: "/" }
                  route: { cluster: web }
                """;
        try (TestUpstream g = TestUpstream.start("grpc").handler(ex -> ex.respond(200, "", "content-type",
                "application/grpc", "grpc-status", "0"));
             TestUpstream w = TestUpstream.start("web");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vhost(routes),
                     Configs.staticCluster("grpc", g.port()) + Configs.staticCluster("web", w.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = post(c, "/pkg.Svc/Call", "application/grpc+proto");
            assertEquals("0", r.header("grpc-status"));
            assertEquals(1, g.requestCount());
            assertEquals("web", post(c, "/pkg.Svc/Call", "application/grpc-web").body());
            assertEquals(1, w.requestCount());
        }
    }

    /** Upstream answers: trailers-only UNAVAILABLE for the first request, OK afterwards. */
    private static TestUpstream flaky() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return TestUpstream.start("flaky").handler(ex -> ex.respond(200, "", "content-type", "application/grpc",
                "grpc-status", n.getAndIncrement() == 0 ? "14" : "0"));
    }

    @Test
    void grpcRetryOnFromTheRoute() throws Exception {
        String routes = """
                - match: { prefix: "/" }
                  route: { cluster: flaky, retry_policy: { retry_on: "unavailable,cancelled", num_retries: 2 } }
                """;
        try (TestUpstream up = flaky();
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vhost(routes), Configs.staticCluster("flaky", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals("0", post(c, "/pkg.Svc/Call", "application/grpc").header("grpc-status"));
            assertEquals(2, up.requestCount());
            assertEquals(1, px.stat("cluster.flaky.upstream_rq_retry"));
        }
    }

    @Test
    void grpcRetryOnFromTheRequestHeaderOnly() throws Exception {
        try (TestUpstream up = flaky();
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("flaky"),
                     Configs.staticCluster("flaky", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            // gRPC conditions in x-envoy-retry-on are not HTTP conditions: ignored, as in Envoy.
            assertEquals("14", post(c, "/pkg.Svc/Call", "application/grpc", "x-envoy-retry-on: unavailable")
                    .header("grpc-status"));
            assertEquals("0", post(c, "/pkg.Svc/Call", "application/grpc", "x-envoy-retry-grpc-on: unavailable")
                    .header("grpc-status"));
        }
        try (TestUpstream up = flaky();
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("flaky"),
                     Configs.staticCluster("flaky", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals("0", post(c, "/pkg.Svc/Call", "application/grpc", "x-envoy-retry-grpc-on: unavailable")
                    .header("grpc-status"));
            assertEquals(2, up.requestCount());
        }
    }

    @Test
    void routeTimeoutIsUnavailable() throws Exception {
        String routes = """
                - match: { prefix: "/" }
                  route: { cluster: slow, timeout: 0.2s }
                """;
        try (TestUpstream up = TestUpstream.start("slow").handler(ex -> ex.later(3000, () -> ex.respond(200, "late")));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, vhost(routes), Configs.staticCluster("slow", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertGrpcError(post(c, "/pkg.Svc/Call", "application/grpc"), GrpcStatus.UNAVAILABLE, "upstream request timeout");
            awaitLog(px, "200 UT\n");
            assertEquals(1, px.stat("cluster.slow.upstream_rq_504"));
            assertEquals(1, px.stat("cluster.slow.upstream_rq_timeout"));
        }
    }

    @Test
    void maxGrpcTimeoutTakesTheDeadlineFromTheHeader() throws Exception {
        String routes = """
                - match: { prefix: "/" }
                  route: { cluster: slow, timeout: 10s, max_grpc_timeout: 0s }
                """;
        try (TestUpstream up = TestUpstream.start("slow").handler(ex -> ex.later(3000, () -> ex.respond(200, "late")));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vhost(routes), Configs.staticCluster("slow", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            long t0 = System.nanoTime();
            RawHttp.Response r = post(c, "/pkg.Svc/Call", "application/grpc", "grpc-timeout: 300000u");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertGrpcError(r, GrpcStatus.UNAVAILABLE, "upstream request timeout");
            assertTrue(ms >= 250 && ms < 2500, "took " + ms);
            TestUpstream.Request seen = up.take();
            assertEquals("300m", seen.header("grpc-timeout"));
            assertEquals("300", seen.header("x-envoy-expected-rq-timeout-ms"));
        }
    }

    @Test
    void maxGrpcTimeoutCapsTheHeaderAndForwardsTheCap() throws Exception {
        String routes = """
                - match: { prefix: "/" }
                  route: { cluster: web, max_grpc_timeout: 0.4s }
                """;
        try (TestUpstream up = TestUpstream.start("web");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vhost(routes), Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            post(c, "/pkg.Svc/Call", "application/grpc", "grpc-timeout: 20S");
            assertEquals("400m", up.take().header("grpc-timeout"));
            post(c, "/pkg.Svc/Call", "application/grpc");
            assertEquals("400m", up.take().header("grpc-timeout"), "no deadline: the cap applies");
            post(c, "/pkg.Svc/Call", "application/json", "grpc-timeout: 20S");
            assertEquals("20S", up.take().header("grpc-timeout"), "not gRPC: untouched");
        }
    }

    @Test
    void grpcTimeoutHeaderMaxEndsTheStreamWithDeadlineExceeded() throws Exception {
        String routes = """
                - match: { prefix: "/" }
                  route: { cluster: slow, timeout: 0.1s, max_stream_duration: { grpc_timeout_header_max: 0s } }
                """;
        try (TestUpstream up = TestUpstream.start("slow").handler(ex -> ex.later(3000, () -> ex.respond(200, "late")));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, vhost(routes), Configs.staticCluster("slow", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            long t0 = System.nanoTime();
            RawHttp.Response r = post(c, "/pkg.Svc/Call", "application/grpc", "grpc-timeout: 400m");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // The route timeout (0.1 s) no longer applies once the route has max_stream_duration, as in Envoy.
            assertGrpcError(r, GrpcStatus.DEADLINE_EXCEEDED, "downstream duration timeout");
            assertTrue(ms >= 350 && ms < 2500, "took " + ms);
            assertEquals("400m", up.take().header("grpc-timeout"));
            assertEquals(1, px.stat("http.ingress_http.downstream_rq_max_duration_reached"));
            awaitLog(px, "200 -\n");
        }
    }

    @Test
    void maxStreamDurationAppliesToPlainRequestsToo() throws Exception {
        String routes = """
                - match: { prefix: "/" }
                  route: { cluster: slow, timeout: 0.1s, max_stream_duration: { max_stream_duration: 0.4s } }
                """;
        try (TestUpstream up = TestUpstream.start("slow").handler(ex -> ex.later(3000, () -> ex.respond(200, "late")));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vhost(routes), Configs.staticCluster("slow", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            long t0 = System.nanoTime();
            RawHttp.Response r = c.get("/");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(504, r.status());
            assertEquals("downstream duration timeout", r.body());
            assertTrue(ms >= 350 && ms < 2500, "took " + ms);
        }
    }

    @Test
    void connectionManagerMaxStreamDuration() throws Exception {
        try (TestUpstream up = TestUpstream.start("slow").handler(ex -> ex.later(3000, () -> ex.respond(200, "late")));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("common_http_protocol_options: { max_stream_duration: 0.3s }",
                     Configs.catchAll("slow"), Configs.staticCluster("slow", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertGrpcError(post(c, "/pkg.Svc/Call", "application/grpc"), GrpcStatus.DEADLINE_EXCEEDED,
                    "downstream duration timeout");
            assertEquals(1, px.stat("http.ingress_http.downstream_rq_max_duration_reached"));
        }
    }
}
