package io.proxyctl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stream idle, route idle, connection idle and connection lifetime timeouts. */
@ExtendWith(LeakCheckExtension.class)
class TimeoutsTest {
    @Test
    void routeIdleTimeoutAnswers408StreamTimeout() throws Exception {
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/" }
                    route: { cluster: web, idle_timeout: 0.3s }
                """;
        String log = """
                access_log:
                - name: envoy.access_loggers.stdout
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
                    log_format: { text_format_source: { inline_string: "%RESPONSE_CODE% %RESPONSE_FLAGS%\\n" } }
                """;
        try (TestUpstream up = TestUpstream.start("slow").handler(ex -> ex.later(3000, () -> ex.respond(200, "late")));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(log, vh, Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            long t0 = System.nanoTime();
            RawHttp.Response r = c.get("/");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(408, r.status());
            assertEquals("stream timeout", r.body());
            assertTrue(ms >= 250 && ms < 2000, "took " + ms);
            for (int i = 0; i < 100 && px.stdoutText().isEmpty(); i++) {
                Thread.sleep(10);
            }
            assertEquals("408 SI\n", px.stdoutText());
            assertEquals(1, px.stat("http.ingress_http.downstream_rq_idle_timeout"));
        }
    }

    @Test
    void streamIdleTimeoutOfTheConnectionManager() throws Exception {
        try (TestUpstream up = TestUpstream.start("slow").handler(ex -> ex.later(3000, () -> ex.respond(200, "late")));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("stream_idle_timeout: 0.3s", Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals(408, c.get("/").status());
        }
    }

    @Test
    void connectionIdleTimeoutClosesIdleConnections() throws Exception {
        try (TestUpstream up = TestUpstream.start("u");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("common_http_protocol_options: { idle_timeout: 0.3s }",
                     Configs.catchAll("web"), Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals(200, c.get("/").status());
            assertFalse(c.closedByPeer(100));
            assertTrue(c.closedByPeer(2000));
            assertEquals(1, px.stat("http.ingress_http.downstream_cx_idle_timeout"));
        }
    }

    @Test
    void maxConnectionDurationDrainsTheConnection() throws Exception {
        try (TestUpstream up = TestUpstream.start("u");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(
                     "common_http_protocol_options: { max_connection_duration: 0.3s }", Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals(200, c.get("/").status());
            assertTrue(c.closedByPeer(2000));
        }
    }

    @Test
    void upstreamIdleConnectionsAreClosedAfterTheClusterIdleTimeout() throws Exception {
        try (TestUpstream up = TestUpstream.start("u")) {
            String cluster = Configs.staticCluster("web", up.port()) + """
                      typed_extension_protocol_options:
                        envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                          "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                          common_http_protocol_options: { idle_timeout: 0.2s }
                          explicit_http_config: { http_protocol_options: {} }
                    """;
            try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"), cluster));
                 RawHttp c = RawHttp.connect(px.port("ingress"))) {
                assertEquals(200, c.get("/").status());
                for (int i = 0; i < 200 && px.stat("cluster.web.upstream_cx_idle_timeout") == 0; i++) {
                    Thread.sleep(10);
                }
                assertEquals(1, px.stat("cluster.web.upstream_cx_idle_timeout"));
                assertEquals(200, c.get("/").status());
                assertEquals(2, up.connectionCount());
            }
        }
    }
}
