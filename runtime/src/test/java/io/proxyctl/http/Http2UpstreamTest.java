package io.proxyctl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.proxyctl.testing.Configs;
import io.proxyctl.testing.H2Client;
import io.proxyctl.testing.H2TestUpstream;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP/2 to upstreams: explicit and deprecated cluster options, h1 and h2 clients translated onto h2 streams,
 * trailers both ways, few multiplexed connections for many streams (a new one only when the server's stream limit
 * is reached), upstream resets, TLS with ALPN h2, and a large body streamed both ways.
 */
@ExtendWith(LeakCheckExtension.class)
class Http2UpstreamTest {
    static String h2Cluster(String name, int port) {
        return Configs.staticCluster(name, port) + """
                  typed_extension_protocol_options:
                    envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                      "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                      explicit_http_config: { http2_protocol_options: {} }
                """;
    }

    @Test
    void http1ClientToH2UpstreamWithTrailersBack() throws Exception {
        try (H2TestUpstream up = H2TestUpstream.start().handler(ex -> ex.respond(200, "hi " + ex.request.header(":authority"),
                new String[] {"content-type", "application/grpc"}, new String[] {"grpc-status", "0"}));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("svc"), h2Cluster("svc", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/pkg.Svc/Call", "Host: api.test", "Connection: keep-alive", "TE: trailers");
            assertEquals(200, r.status());
            assertEquals("hi api.test", r.body());
            assertEquals("0", r.trailer("grpc-status"));
            H2TestUpstream.Request seen = up.take();
            assertEquals("api.test", seen.header(":authority"));
            assertEquals("GET", seen.header(":method"));
            assertEquals("/pkg.Svc/Call", seen.header(":path"));
            assertEquals("http", seen.header(":scheme"));
            assertNull(seen.header("host"));
            assertNull(seen.header("connection"));
            assertEquals("trailers", seen.header("te"));
            // A second request on the same client reuses the upstream connection.
            assertEquals(200, c.get("/again", "Host: api.test").status());
            assertEquals(1, px.stat("cluster.svc.upstream_cx_http2_total"));
            assertEquals(0, px.stat("cluster.svc.upstream_cx_http1_total"));
            assertEquals(2, px.stat("cluster.svc.upstream_rq_total"));
            assertEquals(1, up.connectionCount());
        }
    }

    @Test
    void h2ToH2TrailersBothWaysAndManyStreamsOnOneUpstreamConnection() throws Exception {
        try (H2TestUpstream up = H2TestUpstream.start().handler(ex -> ex.later(10, () -> ex.respond(200,
                "got " + ex.request.bodyString() + " t=" + (ex.request.trailers() == null ? null
                        : ex.request.trailers().get("x-req-trailer")),
                new String[] {"x-up", "y"}, new String[] {"grpc-status", "7", "grpc-message", "denied"})));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("svc"), h2Cluster("svc", up.port())));
             H2Client c = H2Client.connect(px.port("ingress"))) {
            List<H2Client.Response> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Http2Headers h = H2Client.headers("POST", "/s/" + i).add("te", "trailers");
                all.add(c.send(h, ("b" + i).getBytes(StandardCharsets.UTF_8),
                        new DefaultHttp2Headers().add("x-req-trailer", "v" + i)));
            }
            for (int i = 0; i < 50; i++) {
                H2Client.Response r = all.get(i).await();
                assertEquals(200, r.status());
                assertEquals("got b" + i + " t=v" + i, r.bodyString());
                assertEquals("y", r.header("x-up"));
                assertEquals("7", r.trailer("grpc-status"));
                assertEquals("denied", r.trailer("grpc-message"));
            }
            assertEquals(1, up.connectionCount());
            assertEquals(1, px.stat("cluster.svc.upstream_cx_http2_total"));
            assertEquals(50, px.stat("cluster.svc.upstream_rq_total"));
            assertTrue(up.maxConcurrentStreamsSeen() > 1, "streams were multiplexed");
        }
    }

    @Test
    void serverStreamLimitOpensAnotherConnectionAndDeprecatedClusterFieldWorks() throws Exception {
        try (H2TestUpstream up = H2TestUpstream.start(4).handler(ex -> ex.later(50, () -> ex.respond(200, "ok")));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("svc"),
                     Configs.staticCluster("svc", up.port()) + "  http2_protocol_options: {}\n"));
             H2Client c = H2Client.connect(px.port("ingress"))) {
            // One SETTINGS round first, so the limit is known.
            assertEquals(200, c.get("/warm").status());
            List<H2Client.Response> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                all.add(c.send(H2Client.headers("GET", "/" + i), null, null));
            }
            for (H2Client.Response r : all) {
                assertEquals(200, r.await().status());
            }
            assertTrue(up.maxConcurrentStreamsSeen() <= 4 * up.connectionCount());
            long cx = px.stat("cluster.svc.upstream_cx_http2_total");
            assertTrue(cx >= 2 && cx <= 4, "connections: " + cx);
        }
    }

    @Test
    void upstreamResetIs503UrAndLeavesOtherStreamsAlone() throws Exception {
        try (H2TestUpstream up = H2TestUpstream.start().handler(ex -> {
            if (ex.request.header(":path").equals("/reset")) {
                ex.reset();
            } else {
                ex.respond(200, "fine");
            }
        });
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("svc"), h2Cluster("svc", up.port())));
             H2Client c = H2Client.connect(px.port("ingress"))) {
            H2Client.Response r = c.get("/reset");
            assertEquals(503, r.status());
            assertTrue(r.bodyString().contains("reset reason: remote reset"), r.bodyString());
            assertEquals(200, c.get("/ok").status());
            assertEquals(1, up.connectionCount());
            assertEquals(1, px.stat("cluster.svc.upstream_rq_rx_reset"));
        }
    }

    @Test
    void refusedStreamIsRetriedOnlyWhenRetryOnSaysRefusedStream() throws Exception {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        try (H2TestUpstream up = H2TestUpstream.start().handler(ex -> {
            if (seen.incrementAndGet() % 2 == 1) {
                ex.reset(io.netty.handler.codec.http2.Http2Error.REFUSED_STREAM); // every first attempt is refused
            } else {
                ex.respond(200, "second try");
            }
        })) {
            String retrying = """
                    - name: all
                      domains: ["*"]
                      routes:
                      - match: { prefix: "/" }
                        route: { cluster: svc, retry_policy: { retry_on: refused-stream, num_retries: 1 } }
                    """;
            try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", retrying, h2Cluster("svc", up.port())));
                 H2Client c = H2Client.connect(px.port("ingress"))) {
                H2Client.Response r = c.get("/");
                assertEquals(200, r.status(), r.bodyString());
                assertEquals("second try", r.bodyString());
                assertEquals(1, px.stat("cluster.svc.upstream_rq_retry"));
            }
            seen.set(0);
            // 5xx would retry it too (Envoy: 5xx includes resets and refused streams); retriable-4xx does not.
            String noReset = retrying.replace("retry_on: refused-stream", "retry_on: retriable-4xx");
            try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", noReset, h2Cluster("svc", up.port())));
                 H2Client c = H2Client.connect(px.port("ingress"))) {
                H2Client.Response r = c.get("/");
                assertEquals(503, r.status());
                assertTrue(r.bodyString().contains("reset reason: remote refused stream reset"), r.bodyString());
                assertEquals(0, px.stat("cluster.svc.upstream_rq_retry"));
            }
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void tlsUpstreamNegotiatesH2ByAlpn() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("upstream.test");
        try {
            SslContext server = SslContextBuilder.forServer(cert.certificate(), cert.privateKey())
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "h2")).build();
            String tls = """
                      transport_socket:
                        name: envoy.transport_sockets.tls
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
                          sni: upstream.test
                    """;
            try (H2TestUpstream up = H2TestUpstream.startTls(server);
                 ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("svc"),
                         h2Cluster("svc", up.port()) + tls));
                 H2Client c = H2Client.connect(px.port("ingress"))) {
                H2Client.Response r = c.get("/secure");
                assertEquals(200, r.status());
                assertEquals("h2 /secure", r.bodyString());
                assertEquals("https", up.take().header(":scheme"));
                assertEquals(1, px.stat("cluster.svc.upstream_cx_http2_total"));
            }
        } finally {
            cert.delete();
        }
    }

    @Test
    void fourMibEchoedWithSmallWindowsInProcess() throws Exception {
        long size = 4L << 20;
        try (H2TestUpstream up = H2TestUpstream.start();
             ProxyFixture px = ProxyFixture.start(Http2LargeBodyCheck.config(up.port()));
             H2Client c = H2Client.connect(px.port("ingress"))) {
            H2Client.Response r = c.upload(H2Client.headers("POST", "/echo"), size).await();
            assertEquals(200, r.status());
            assertEquals(size, r.bodyBytes);
            assertEquals(size, up.echoedBytes);
        }
    }

    @Test
    void useDownstreamProtocolConfigFollowsTheClient() throws Exception {
        // The upstream is another proxy with codec_type AUTO: its access log tells which protocol arrived.
        String log = """
                access_log:
                - name: envoy.access_loggers.stdout
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
                    log_format: { text_format_source: { inline_string: "%PROTOCOL%\\n" } }
                """;
        String direct = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/" }
                    direct_response: { status: 200, body: { inline_string: "back" } }
                """;
        try (ProxyFixture back = ProxyFixture.start(Configs.bootstrap(log, direct, "[]")
                .replace("  clusters:\n  []", "  clusters: []"))) {
            String cluster = Configs.staticCluster("back", back.port("ingress")) + """
                      typed_extension_protocol_options:
                        envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                          "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                          use_downstream_protocol_config: { http_protocol_options: {}, http2_protocol_options: {} }
                    """;
            try (ProxyFixture front = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("back"), cluster));
                 RawHttp h1 = RawHttp.connect(front.port("ingress"));
                 H2Client h2 = H2Client.connect(front.port("ingress"))) {
                assertEquals("back", h1.get("/one", "Host: x").body());
                assertEquals("back", h2.get("/two").bodyString());
                for (int i = 0; i < 200 && back.stdoutText().lines().count() < 2; i++) {
                    Thread.sleep(10);
                }
                assertEquals(List.of("HTTP/1.1", "HTTP/2"), back.stdoutText().lines().toList());
                assertEquals(1, front.stat("cluster.back.upstream_cx_http1_total"));
                assertEquals(1, front.stat("cluster.back.upstream_cx_http2_total"));
            }
        }
    }

    @Test
    void trailersOnlyResponseStaysOneHeadersFrameAndBodylessRequestsEndOnHeaders() throws Exception {
        try (H2TestUpstream up = H2TestUpstream.start().handler(ex -> ex.respond(200, "",
                new String[] {"content-type", "application/grpc", "grpc-status", "12"}, null));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("svc"), h2Cluster("svc", up.port())));
             H2Client c = H2Client.connect(px.port("ingress"))) {
            H2Client.Response r = c.get("/pkg.Svc/Missing");
            assertEquals(200, r.status());
            assertEquals("12", r.header("grpc-status"));
            assertTrue(r.headersOnly, "HEADERS with END_STREAM");
            assertEquals(0, r.bodyBytes);
            assertNull(r.trailers);
            assertEquals(0, up.take().body().length);
        }
    }

    @Test
    void refusedH2UpstreamIs503UfForBothClients() throws Exception {
        try (java.net.Socket holder = new java.net.Socket()) {
            // Bound, never listening: connects are refused, and nobody else can take the port meanwhile.
            holder.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("svc"),
                    h2Cluster("svc", holder.getLocalPort())));
                 H2Client c = H2Client.connect(px.port("ingress"));
                 RawHttp h1 = RawHttp.connect(px.port("ingress"))) {
                H2Client.Response r = c.get("/x");
                assertEquals(503, r.status());
                assertTrue(r.bodyString().contains("reset reason: connection failure"), r.bodyString());
                assertEquals(503, h1.get("/y", "Host: x").status());
                assertEquals(2, px.stat("cluster.svc.upstream_cx_connect_fail"));
                assertEquals(2, px.stat("cluster.svc.upstream_cx_http2_total"));
            }
        }
    }

    @Test
    void upstreamGoAwayMovesNewStreamsToANewConnection() throws Exception {
        try (H2TestUpstream up = H2TestUpstream.start();
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("svc"), h2Cluster("svc", up.port())));
             H2Client c = H2Client.connect(px.port("ingress"))) {
            assertEquals(200, c.get("/before").status());
            up.goAway();
            for (int i = 0; i < 200 && px.stat("cluster.svc.upstream_cx_destroy") == 0; i++) {
                Thread.sleep(10);
            }
            // The idle connection that got GOAWAY is closed; the next request opens a new one.
            assertEquals(1, px.stat("cluster.svc.upstream_cx_destroy"));
            H2Client.Response r = c.get("/after");
            assertEquals(200, r.status());
            assertEquals("h2 /after", r.bodyString());
            assertEquals(2, up.connectionCount());
            assertEquals(2, px.stat("cluster.svc.upstream_cx_http2_total"));
        }
    }

    @Test
    void clientResetResetsOnlyItsUpstreamStreamAndTheConnectionIsReused() throws Exception {
        try (H2TestUpstream up = H2TestUpstream.start().handler(ex -> {
            if (!"/slow".equals(ex.request.header(":path"))) {
                ex.respond(200, "ok " + ex.request.header(":path"));
            }
        });
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("svc"), h2Cluster("svc", up.port())));
             H2Client c = H2Client.connect(px.port("ingress"))) {
            H2Client.Response slow = c.send(H2Client.headers("GET", "/slow"), null, null);
            assertEquals("/slow", up.take().header(":path"));
            assertEquals(1, up.activeStreams());
            slow.reset();
            for (int i = 0; i < 200 && up.activeStreams() > 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(0, up.activeStreams(), "the proxy resets the upstream stream of a stream the client reset");
            Http2DownstreamTest.awaitStat(px, "cluster.svc.upstream_rq_cancelled", 1);
            H2Client.Response next = c.get("/after");
            assertEquals(200, next.status());
            assertEquals("ok /after", next.bodyString());
            assertEquals(1, up.connectionCount(), "the upstream connection outlives the reset stream");
            assertEquals(1, px.stat("cluster.svc.upstream_cx_http2_total"));
        }
    }
}
