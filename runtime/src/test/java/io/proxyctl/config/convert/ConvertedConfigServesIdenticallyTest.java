package io.proxyctl.config.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.bind.BootstrapBinder;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.validate.ValidationReport;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.server.ProxyServer;
import io.proxyctl.server.ServerOptions;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A v2 config and its conversion, each served by the real proxy, route the same requests the same way: same
 * status and body to the client, same upstream, path and Host header at the origin.
 */
@ExtendWith(LeakCheckExtension.class)
class ConvertedConfigServesIdenticallyTest {
    static String v2Config(int apiPort, int webPort) {
        return """
                # v2 front proxy (Envoy 1.13 style)
                admin:
                  access_log_path: /dev/null
                  address: {socket_address: {address: 127.0.0.1, port_value: 0}}
                static_resources:
                  listeners:
                  - name: ingress
                    address: {socket_address: {address: 127.0.0.1, port_value: 0}}
                    filter_chains:
                    - filters:
                      - name: envoy.http_connection_manager
                        config:
                          stat_prefix: ingress_http
                          idle_timeout: 60s
                          route_config:
                            name: shop
                            virtual_hosts:
                            - name: shop
                              domains: ["shop.example.com"]
                              routes:
                              # versioned API paths, by regex
                              - match: {regex: "/api/v[0-9]+/.*"}
                                route: {cluster: api, host_rewrite: api.internal}
                              - match: {prefix: "/static/"}
                                route: {cluster: web, prefix_rewrite: "/assets/"}
                              - match: {prefix: "/"}
                                route: {cluster: web}
                            - name: fallback
                              domains: ["*"]
                              routes:
                              - match: {prefix: "/"}
                                route: {cluster: api}
                          http_filters:
                          - name: envoy.router
                  clusters:
                  - name: api
                    connect_timeout: 1s
                    hosts: [{socket_address: {address: 127.0.0.1, port_value: %d}}]
                  - name: web
                    connect_timeout: 0.5s
                    hosts: [{socket_address: {address: 127.0.0.1, port_value: %d}}]
                """.formatted(apiPort, webPort);
    }

    /** What a client and the origins saw for one request. */
    record Seen(int status, String body, String upstream, String uri, String host) {
    }

    @Test
    void originalAndConvertedRouteIdentically() throws Exception {
        try (TestUpstream api = TestUpstream.start("api").handler(ex -> ex.respond(200, "api"));
             TestUpstream web = TestUpstream.start("web").handler(ex -> ex.respond(200, "web"))) {
            String original = v2Config(api.port(), web.port());
            ConfigConverter.Conversion c = ConfigConverter.convert(YamlLoader.loadText("v2.yaml", original).source(), false);
            assertTrue(c.wasV2() && c.unconverted().isEmpty(), c.unconverted().toString());
            assertFalse(c.text().contains(" hosts:") || c.text().contains(" config:"), c.text());
            assertTrue(c.text().contains("# versioned API paths, by regex"), c.text());

            List<String[]> requests = List.of(
                    new String[] {"/api/v1/items?id=7", "shop.example.com"},
                    new String[] {"/api/vX/items", "shop.example.com"},
                    new String[] {"/static/logo.png", "shop.example.com"},
                    new String[] {"/", "shop.example.com"},
                    new String[] {"/api/v2/x", "other.example.com"});
            List<Seen> before = serve("v2.yaml", original, requests, api, web);
            List<Seen> after = serve("v3.yaml", c.text(), requests, api, web);
            assertEquals(before, after);
            // and the routing is the one the config describes, so the comparison is not vacuous
            assertEquals(new Seen(200, "api", "api", "/api/v1/items?id=7", "api.internal"), before.get(0));
            assertEquals("web", before.get(1).upstream());
            assertEquals("/assets/logo.png", before.get(2).uri());
            assertEquals(new Seen(200, "api", "api", "/api/v2/x", "other.example.com"), before.get(4));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Seen> serve(String name, String yaml, List<String[]> requests, TestUpstream api,
                                    TestUpstream web) throws Exception {
        ValidationReport report = new ConfigValidator().validate(YamlLoader.loadText(name, yaml));
        assertTrue(report.valid(), name + ": " + report.errors());
        ServerOptions options = ServerOptions.defaults().withConcurrency(1).withLog(line -> { })
                .withStreams(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        List<Seen> seen = new ArrayList<>();
        try (ProxyServer server = ProxyServer.start(BootstrapBinder.bind((Map<String, Object>) report.v3().root()), options)) {
            for (String[] r : requests) {
                try (RawHttp client = RawHttp.connect(server.boundPort("ingress"))) {
                    // RawHttp.get adds its own Host; virtual host selection needs exactly this one
                    RawHttp.Response response = client.send("GET " + r[0] + " HTTP/1.1\r\nHost: " + r[1] + "\r\n\r\n").read();
                    TestUpstream origin = response.body().equals("api") ? api : web;
                    TestUpstream.Request at = origin.take();
                    seen.add(new Seen(response.status(), response.body(), origin.name(), at.uri(), at.header("host")));
                }
            }
        }
        return seen;
    }
}
