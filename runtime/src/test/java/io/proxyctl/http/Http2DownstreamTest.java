package io.proxyctl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.proxyctl.testing.Configs;
import io.proxyctl.testing.H2Client;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Downstream HTTP/2 with prior knowledge (h2c) in front of HTTP/1.1 upstreams: codec_type AUTO detection, h2 to
 * h1 translation both ways with trailers, many streams on one connection, resets that stay on their stream,
 * local replies, and Envoy's HTTP/2 stats.
 */
@ExtendWith(LeakCheckExtension.class)
class Http2DownstreamTest {
    private static final String LOG = """
            access_log:
            - name: envoy.access_loggers.stdout
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
                log_format:
                  text_format_source:
                    inline_string: "%PROTOCOL% %RESPONSE_CODE% %RESPONSE_FLAGS%\\n"
            """;

    @Test
    void autoCodecServesH2cAndHttp11OnTheSamePortAndTranslatesToHttp1Upstream() throws Exception {
        try (TestUpstream up = TestUpstream.start("web").handler(ex -> ex.respond(200,
                "hello " + ex.request.method() + " " + ex.request.uri() + " host=" + ex.request.header("host"),
                "x-up", "1"));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())));
             H2Client c = H2Client.connect(px.port("ingress"))) {
            H2Client.Response r = c.get("/a?b=1");
            assertEquals(200, r.status());
            assertEquals("hello GET /a?b=1 host=h2.test", r.bodyString());
            assertEquals("1", r.header("x-up"));
            assertEquals("envoy", r.header("server"));
            assertNull(r.header("connection"));
            TestUpstream.Request seen = up.take();
            assertNull(seen.header("x-http2-stream-id"), seen.headers().toString());
            assertNull(seen.header("x-http2-scheme"), seen.headers().toString());
            assertEquals("http", seen.header("x-forwarded-proto"));
            // The same listener still speaks HTTP/1.1.
            try (RawHttp h1 = RawHttp.connect(px.port("ingress"))) {
                assertEquals(200, h1.get("/h1", "Host: x").status());
            }
            assertEquals(1, px.stat("http.ingress_http.downstream_cx_http2_total"));
            assertEquals(1, px.stat("http.ingress_http.downstream_cx_http2_active"));
            assertEquals(1, px.stat("http.ingress_http.downstream_rq_http2_total"));
            assertEquals(1, px.stat("http.ingress_http.downstream_cx_http1_total"));
            assertEquals(1, px.stat("http.ingress_http.downstream_rq_http1_total"));
            String log = awaitLog(px, 2);
            assertTrue(log.contains("HTTP/2 200 -"), log);
            assertTrue(log.contains("HTTP/1.1 200 -"), log);
        }
    }

    @Test
    void requestBodyAndTrailersReachHttp1UpstreamAndResponseTrailersComeBack() throws Exception {
        try (TestUpstream up = TestUpstream.start("web").handler(ex -> ex.raw("HTTP/1.1 200 OK\r\n"
                + "content-type: application/grpc\r\ntransfer-encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\ngrpc-status: 0\r\ngrpc-message: fine\r\n\r\n", false));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())));
             H2Client c = H2Client.connect(px.port("ingress"))) {
            H2Client.Response plain = c.send(H2Client.headers("POST", "/plain"), "abc".getBytes(StandardCharsets.UTF_8), null).await();
            assertEquals(200, plain.status());
            assertEquals("abc", up.take().bodyString());
            H2Client.Response tonly = c.send(H2Client.headers("POST", "/t"), null, new DefaultHttp2Headers().add("x-t", "1")).await();
            assertEquals(200, tonly.status());
            assertEquals("1", up.take().trailers().get("x-t"));
            Http2Headers h = H2Client.headers("POST", "/svc/Method").add("te", "trailers")
                    .add("content-type", "application/grpc");
            H2Client.Response r = c.send(h, "payload".getBytes(StandardCharsets.UTF_8),
                    new DefaultHttp2Headers().add("x-checksum", "abc")).await();
            assertEquals(200, r.status());
            assertEquals("hello", r.bodyString());
            assertEquals("0", r.trailer("grpc-status"));
            assertEquals("fine", r.trailer("grpc-message"));
            TestUpstream.Request seen = up.take();
            assertEquals("payload", seen.bodyString());
            assertEquals("abc", seen.trailers().get("x-checksum"));
            assertEquals("trailers", seen.header("te"));
            assertEquals("chunked", seen.header("transfer-encoding"));
        }
    }

    @Test
    void hundredConcurrentStreamsOnOneConnection() throws Exception {
        try (TestUpstream up = TestUpstream.start("web").handler(ex -> ex.later(20,
                () -> ex.respond(200, "r" + ex.request.uri())));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())));
             H2Client c = H2Client.connect(px.port("ingress"))) {
            List<H2Client.Response> all = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                all.add(c.send(H2Client.headers("GET", "/" + i), null, null));
            }
            for (int i = 0; i < 100; i++) {
                H2Client.Response r = all.get(i).await();
                assertEquals(200, r.status());
                assertEquals("r/" + i, r.bodyString());
            }
            assertEquals(1, px.stat("http.ingress_http.downstream_cx_total"));
            assertEquals(100, px.stat("http.ingress_http.downstream_rq_http2_total"));
            awaitStat(px, "http.ingress_http.downstream_rq_2xx", 100);
        }
    }

    @Test
    void resetOfOneStreamLeavesTheOthersAlone() throws Exception {
        try (TestUpstream up = TestUpstream.start("web").handler(ex -> {
            if (!ex.request.uri().equals("/slow")) {
                ex.respond(200, "ok " + ex.request.uri());
            }
        });
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())));
             H2Client c = H2Client.connect(px.port("ingress"))) {
            H2Client.Response slow = c.send(H2Client.headers("GET", "/slow"), null, null);
            up.take();
            slow.reset();
            for (int i = 0; i < 200 && px.stat("http.ingress_http.downstream_rq_rx_reset") == 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(1, px.stat("http.ingress_http.downstream_rq_rx_reset"));
            assertEquals(1, px.stat("cluster.web.upstream_rq_cancelled"));
            H2Client.Response next = c.get("/after");
            assertEquals(200, next.status());
            assertEquals("ok /after", next.bodyString());
            assertTrue(c.channel().isActive());
            assertEquals(1, px.stat("http.ingress_http.downstream_cx_total"));
        }
    }

    @Test
    void localRepliesOverH2() throws Exception {
        try (io.proxyctl.testing.RefusingPort refusing = new io.proxyctl.testing.RefusingPort()) {
            int port = refusing.port();
            String vh = """
                    - name: all
                      domains: ["known.test"]
                      routes:
                      - match: { prefix: "/" }
                        route: { cluster: dead }
                    """;
            try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, vh, Configs.staticCluster("dead", port)));
                 H2Client c = H2Client.connect(px.port("ingress"))) {
                H2Client.Response nr = c.get("/x");
                assertEquals(404, nr.status());
                assertEquals("", nr.bodyString());
                Http2Headers h = H2Client.headers("GET", "/y").authority("known.test");
                H2Client.Response uf = c.send(h, null, null).await();
                assertEquals(503, uf.status());
                assertTrue(uf.bodyString().startsWith("upstream connect error or disconnect/reset before headers"),
                        uf.bodyString());
                assertEquals("text/plain", uf.header("content-type"));
                String log = awaitLog(px, 2);
                assertTrue(log.contains("HTTP/2 404 NR"), log);
                assertTrue(log.contains("HTTP/2 503 UF"), log);
                assertTrue(c.channel().isActive());
            }
        }
    }

    @Test
    void http2CodecRejectsHttp11AndGoAwayOnDrain() throws Exception {
        try (TestUpstream up = TestUpstream.start("web");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("codec_type: HTTP2\n", Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())))) {
            try (RawHttp h1 = RawHttp.connect(px.port("ingress"))) {
                boolean failed;
                try {
                    failed = h1.get("/", "Host: x").status() != 200;
                } catch (Exception e) {
                    failed = true;
                }
                assertTrue(failed);
            }
            try (H2Client c = H2Client.connect(px.port("ingress"))) {
                assertEquals(200, c.get("/").status());
                try (RawHttp admin = RawHttp.connect(px.server.adminAddress().getPort())) {
                    admin.send("POST /drain_listeners?graceful&skip_exit HTTP/1.1\r\nHost: a\r\ncontent-length: 0\r\n\r\n");
                    assertEquals(200, admin.read().status());
                }
                for (int i = 0; i < 200 && !c.goAwayReceived; i++) {
                    Thread.sleep(10);
                }
                assertTrue(c.goAwayReceived);
            }
        }
    }

    @Test
    void routeTimeoutAndStreamIdleTimeoutFirePerStream() throws Exception {
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/slow" }
                    route: { cluster: web, timeout: 0.3s }
                  - match: { prefix: "/idle" }
                    route: { cluster: web, timeout: 0s, idle_timeout: 0.3s }
                  - match: { prefix: "/" }
                    route: { cluster: web }
                """;
        try (TestUpstream up = TestUpstream.start("web").handler(ex -> {
            if (ex.request.uri().equals("/fast")) {
                ex.respond(200, "fast");
            }
        });
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, vh, Configs.staticCluster("web", up.port())));
             H2Client c = H2Client.connect(px.port("ingress"))) {
            long t0 = System.nanoTime();
            H2Client.Response slow = c.send(H2Client.headers("GET", "/slow"), null, null);
            H2Client.Response idle = c.send(H2Client.headers("GET", "/idle"), null, null);
            assertEquals(200, c.get("/fast").status());
            assertEquals(504, slow.await().status());
            assertEquals("upstream request timeout", slow.bodyString());
            assertEquals(408, idle.await().status());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 300 && ms < 5000, "took " + ms + " ms");
            assertEquals(1, px.stat("cluster.web.upstream_rq_timeout"));
            assertEquals(1, px.stat("http.ingress_http.downstream_rq_idle_timeout"));
            String log = awaitLog(px, 3);
            assertTrue(log.contains("HTTP/2 504 UT"), log);
            assertTrue(c.channel().isActive());
        }
    }

    @Test
    void maxRequestsPerConnectionSendsGoAwayAfterTheLastOne() throws Exception {
        try (TestUpstream up = TestUpstream.start("web");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(
                     "common_http_protocol_options: { max_requests_per_connection: 2 }\n", Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())));
             H2Client c = H2Client.connect(px.port("ingress"))) {
            assertEquals(200, c.get("/1").status());
            assertTrue(!c.goAwayReceived);
            assertEquals(200, c.get("/2").status());
            for (int i = 0; i < 200 && (!c.goAwayReceived || c.channel().isActive()); i++) {
                Thread.sleep(10);
            }
            assertTrue(c.goAwayReceived);
            assertTrue(!c.channel().isActive(), "closed once its streams finished");
        }
    }

    /** Stats are recorded when a stream finishes, just after its last bytes were flushed to the client. */
    static void awaitStat(ProxyFixture px, String name, long value) throws InterruptedException {
        for (int i = 0; i < 500 && px.stat(name) != value; i++) {
            Thread.sleep(10);
        }
        assertEquals(value, px.stat(name), name);
    }

    static String awaitLog(ProxyFixture px, int lines) throws InterruptedException {
        for (int i = 0; i < 200 && px.stdoutText().lines().count() < lines; i++) {
            Thread.sleep(10);
        }
        return px.stdoutText();
    }
}
