package io.proxyctl.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.proxyctl.server.ProxyServer;
import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin endpoints that act on the server (drain, quit) and the admin settings (allow_paths, access log), plus
 * the config-derived views (certs, runtime) and histogram intervals under {@code stats_flush_on_admin}.
 */
@ExtendWith(LeakCheckExtension.class)
class AdminControlTest {
    private static TestUpstream up;

    @BeforeAll
    static void upstream() {
        up = TestUpstream.start("up");
    }

    @AfterAll
    static void stop() {
        up.close();
    }

    private static String withAdmin(String adminExtra, String rest) {
        String admin = "admin:\n  address: { socket_address: { address: 127.0.0.1, port_value: 0 } }\n";
        return rest.replace(admin, admin + Configs.indent(adminExtra, 2));
    }

    private static String simple() {
        return Configs.bootstrap("", Configs.catchAll("web"), Configs.staticCluster("web", up.port()));
    }

    @Test
    void allowPathsAnswer403ForEverythingElse() throws Exception {
        String yaml = withAdmin("""
                allow_paths:
                - exact: /ready
                - prefix: /stats
                """, simple());
        try (ProxyFixture px = ProxyFixture.start(yaml)) {
            AdminHttp a = new AdminHttp(px.server.adminAddress().getPort());
            assertEquals(200, a.get("/ready").status());
            assertEquals(200, a.get("/stats?filter=server.live").status());
            assertEquals(200, a.get("/stats/prometheus?filter=server_live").status());
            RawHttp.Response r = a.get("/clusters");
            assertEquals(403, r.status());
            assertEquals("request path /clusters is not in admin.allow_paths\n", r.body());
            assertEquals(403, a.get("/no/such/path").status(), "403 comes before 404");
            assertEquals(403, a.post("/quitquitquit").status());
            assertEquals(ProxyServer.State.LIVE, px.server.state());
        }
    }

    @Test
    void adminAccessLogIsWritten(@TempDir Path dir) throws Exception {
        Path deprecated = dir.resolve("admin_access.log");
        Path typed = dir.resolve("admin_typed.log");
        String yaml = withAdmin("""
                access_log_path: %s
                access_log:
                - name: envoy.access_loggers.file
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog
                    path: %s
                    log_format:
                      text_format_source:
                        inline_string: "%%REQ(:METHOD)%% %%REQ(:PATH)%% %%RESPONSE_CODE%% %%BYTES_SENT%%\\n"
                """.formatted(deprecated, typed), simple());
        try (ProxyFixture px = ProxyFixture.start(yaml)) {
            AdminHttp a = new AdminHttp(px.server.adminAddress().getPort());
            assertEquals(200, a.get("/ready").status());
            assertEquals(404, a.get("/nope").status());
            String lines = awaitLines(typed, 2);
            assertTrue(lines.startsWith("GET /ready 200 5\nGET /nope 404 "), lines);
            String envoyFormat = awaitLines(deprecated, 2);
            assertTrue(envoyFormat.contains("\"GET /ready HTTP/1.1\" 200 - 0 5 "), envoyFormat);
        }
    }

    private static String awaitLines(Path p, int n) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (Files.exists(p) && Files.readString(p).lines().count() >= n) {
                break;
            }
            Thread.sleep(10);
        }
        return Files.exists(p) ? Files.readString(p) : "";
    }

    @Test
    void drainListenersStopsAcceptingButKeepsServing() throws Exception {
        try (ProxyFixture px = ProxyFixture.start(simple())) {
            AdminHttp a = new AdminHttp(px.server.adminAddress().getPort());
            int port = px.port("ingress");
            try (RawHttp open = RawHttp.connect(port)) {
                assertEquals(200, open.get("/").status());
                assertEquals("OK\n", a.post("/drain_listeners").body());
                AdminHttp.await(px.server.stats(), "listener_manager.listener_stopped", 1);
                assertThrows(ConnectException.class, () -> RawHttp.connect(port).close());
                assertEquals(200, open.get("/").status(), "open connections keep working");
            }
            assertEquals("LIVE\n", a.get("/ready").body());
            assertEquals(0, px.stat("listener_manager.total_listeners_active"));
            assertEquals(400, a.post("/drain_listeners?skip_exit").status());
        }
    }

    @Test
    void gracefulDrainWithSkipExitClosesConnectionsThenListeners() throws Exception {
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("drain_timeout: 0.2s", Configs.catchAll("web"),
                Configs.staticCluster("web", up.port())))) {
            AdminHttp a = new AdminHttp(px.server.adminAddress().getPort());
            int port = px.port("ingress");
            try (RawHttp open = RawHttp.connect(port)) {
                assertEquals(200, open.get("/").status());
                assertEquals("OK\n", a.post("/drain_listeners?graceful&skip_exit").body());
                assertTrue(open.closedByPeer(3000), "draining closes idle connections");
            }
            AdminHttp.await(px.server.stats(), "listener_manager.listener_stopped", 1);
            assertThrows(ConnectException.class, () -> RawHttp.connect(port).close());
            assertEquals(ProxyServer.State.LIVE, px.server.state(), "skip_exit: the server stays up");
            assertEquals(200, a.get("/ready").status());
        }
    }

    @Test
    void gracefulDrainWithoutSkipExitShutsDown() throws Exception {
        ProxyFixture px = ProxyFixture.start(Configs.bootstrap("drain_timeout: 0.2s", Configs.catchAll("web"),
                Configs.staticCluster("web", up.port())));
        AdminHttp a = new AdminHttp(px.server.adminAddress().getPort());
        assertEquals("OK\n", a.post("/drain_listeners?graceful").body());
        assertTrue(px.server.awaitTermination(Duration.ofSeconds(10)));
        assertEquals(ProxyServer.State.TERMINATED, px.server.state());
    }

    @Test
    void inboundOnlyDrainsInboundListeners() throws Exception {
        String yaml = Configs.bootstrap("", Configs.catchAll("web"), Configs.staticCluster("web", up.port()))
                .replace("  - name: ingress\n", "  - name: ingress\n    traffic_direction: INBOUND\n")
                .replace("  clusters:\n", """
                  - name: egress
                    traffic_direction: OUTBOUND
                    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                    filter_chains:
                    - filters:
                      - name: envoy.filters.network.http_connection_manager
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: egress_http
                          route_config:
                            virtual_hosts:
                            - name: all
                              domains: ["*"]
                              routes:
                              - match: { prefix: "/" }
                                route: { cluster: web }
                          http_filters:
                          - name: envoy.filters.http.router
                            typed_config:
                              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
                  clusters:
                """);
        try (ProxyFixture px = ProxyFixture.start(yaml)) {
            AdminHttp a = new AdminHttp(px.server.adminAddress().getPort());
            int in = px.port("ingress");
            int out = px.port("egress");
            assertEquals("OK\n", a.post("/drain_listeners?inboundonly").body());
            AdminHttp.await(px.server.stats(), "listener_manager.listener_stopped", 1);
            assertThrows(ConnectException.class, () -> RawHttp.connect(in).close());
            try (RawHttp c = RawHttp.connect(out)) {
                assertEquals(200, c.get("/").status());
            }
        }
    }

    @Test
    void quitquitquitAnswersThenShutsDown() throws Exception {
        ProxyFixture px = ProxyFixture.start(simple());
        AdminHttp a = new AdminHttp(px.server.adminAddress().getPort());
        int adminPort = px.server.adminAddress().getPort();
        RawHttp.Response r = a.post("/quitquitquit");
        assertEquals(200, r.status());
        assertEquals("OK\n", r.body());
        assertTrue(px.server.awaitTermination(Duration.ofSeconds(10)));
        assertThrows(IOException.class, () -> RawHttp.connect(adminPort).close());
    }

    @Test
    void certsListsTlsContextsOfTheConfig() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("upstream.example");
        try {
            String cluster = Configs.staticCluster("tls", up.port()) + Configs.indent("""
                    transport_socket:
                      name: envoy.transport_sockets.tls
                      typed_config:
                        "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
                        sni: upstream.example
                        common_tls_context:
                          validation_context:
                            trusted_ca: { filename: %s }
                          tls_certificates:
                          - certificate_chain: { filename: %s }
                            private_key: { filename: %s }
                    """.formatted(cert.certificate(), cert.certificate(), cert.privateKey()), 2);
            try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("tls"), cluster))) {
                JSONArray certs = new JSONObject(new AdminHttp(px.server.adminAddress().getPort()).get("/certs").body())
                        .getJSONArray("certificates");
                assertEquals(1, certs.length());
                JSONObject ca = certs.getJSONObject(0).getJSONArray("ca_cert").getJSONObject(0);
                assertEquals(cert.certificate().toString(), ca.getString("path"));
                assertEquals(cert.cert().getSerialNumber().toString(16), ca.getString("serial_number"));
                assertTrue(Long.parseLong(ca.getString("days_until_expiration")) > 300);
                assertTrue(ca.getString("expiration_time").endsWith("Z"));
                assertEquals(1, certs.getJSONObject(0).getJSONArray("cert_chain").length());
            }
        } finally {
            cert.delete();
        }
    }

    @Test
    void runtimeShowsStaticLayers() throws Exception {
        String yaml = simple() + """
                layered_runtime:
                  layers:
                  - name: static
                    static_layer:
                      health_check: { min_interval: 5 }
                      feature: true
                  - name: overrides
                    static_layer:
                      health_check: { min_interval: 10 }
                  - name: admin
                    admin_layer: {}
                """;
        try (ProxyFixture px = ProxyFixture.start(yaml)) {
            JSONObject rt = new JSONObject(new AdminHttp(px.server.adminAddress().getPort()).get("/runtime").body());
            assertEquals("[\"static\",\"overrides\",\"admin\"]", rt.getJSONArray("layers").toString());
            JSONObject e = rt.getJSONObject("entries").getJSONObject("health_check.min_interval");
            assertEquals("[\"5\",\"10\",\"\"]", e.getJSONArray("layer_values").toString());
            assertEquals("10", e.getString("final_value"));
            assertEquals("true", rt.getJSONObject("entries").getJSONObject("feature").getString("final_value"));
        }
    }

    @Test
    void statsFlushOnAdminClosesAnIntervalPerRequest() throws Exception {
        try (ProxyFixture px = ProxyFixture.start(simple() + "stats_flush_on_admin: true\n")) {
            AdminHttp a = new AdminHttp(px.server.adminAddress().getPort());
            try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                assertEquals(200, c.get("/").status());
            }
            AdminHttp.await(px.server.stats(), "cluster.web.upstream_rq_completed", 1);
            String first = a.get("/stats?filter=cluster.web.upstream_rq_time$").body();
            assertTrue(first.matches("cluster\\.web\\.upstream_rq_time: P0\\((?!nan)[0-9.]+,[0-9.]+\\) .*\n"),
                    "the request flushed the interval holding the sample: " + first);
            String second = a.get("/stats?filter=cluster.web.upstream_rq_time$").body();
            assertTrue(second.startsWith("cluster.web.upstream_rq_time: P0(nan,"),
                    "the next interval has no samples: " + second);
        }
    }
}
