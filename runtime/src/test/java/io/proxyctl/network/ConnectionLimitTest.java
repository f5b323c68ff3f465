package io.proxyctl.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.ValidationReport;
import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Downstream connection limits as Envoy: the overload manager's global limit
 * ({@code envoy.resource_monitors.global_downstream_max_connections}) closes connections over it at once and counts
 * {@code listener.<addr>.downstream_global_cx_overflow}; {@code ignore_global_conn_limit} listeners are exempt; the
 * runtime's per-listener {@code connection_limit} counts {@code downstream_cx_overflow}.
 */
@ExtendWith(LeakCheckExtension.class)
class ConnectionLimitTest {
    private static String config(String top, int upstream) {
        String base = Configs.bootstrap("", Configs.catchAll("web"), Configs.staticCluster("web", upstream));
        String exempt = """
                  - name: exempt
                    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                    ignore_global_conn_limit: true
                    filter_chains:
                    - filters:
                      - name: envoy.filters.network.http_connection_manager
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: exempt
                          route_config: { virtual_hosts: [ { name: all, domains: ["*"], routes: [ { match: { prefix: "/" }, route: { cluster: web } } ] } ] }
                          http_filters:
                          - name: envoy.filters.http.router
                            typed_config:
                              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
                """;
        return top + base.replace("  clusters:\n", exempt + "  clusters:\n");
    }

    private static final String GLOBAL = """
            overload_manager:
              resource_monitors:
              - name: envoy.resource_monitors.global_downstream_max_connections
                typed_config:
                  "@type": type.googleapis.com/envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig
                  max_active_downstream_connections: 3
            """;

    @Test
    void theGlobalLimitClosesConnectionsOverItAndCountsThem() throws Exception {
        try (TestUpstream up = TestUpstream.start("up")) {
            String yaml = config(GLOBAL, up.port());
            ValidationReport report = new ConfigValidator().validate(YamlLoader.loadText("limits.yaml", yaml));
            assertEquals(List.of(), report.diagnostics(), "the overload manager config is implemented, not warned about");
            try (ProxyFixture p = ProxyFixture.start(yaml)) {
                int port = p.port("ingress");
                String root = p.server.bootstrap().listeners().get(0).statRoot();
                List<RawHttp> held = new ArrayList<>();
                try {
                    for (int i = 0; i < 3; i++) {
                        RawHttp c = RawHttp.connect(port);
                        assertEquals(200, c.get("/").status());
                        held.add(c);
                    }
                    try (RawHttp over = RawHttp.connect(port)) {
                        assertTrue(over.closedByPeer(2000), "the fourth connection is closed");
                    }
                    assertEquals(1, p.stat(root + ".downstream_global_cx_overflow"));
                    // The exempt listener neither counts nor is refused.
                    try (RawHttp e = RawHttp.connect(p.port("exempt"))) {
                        assertEquals(200, e.get("/").status());
                    }
                    // Established connections keep working at the limit.
                    assertEquals(200, held.get(0).get("/").status());
                    held.remove(0).close();
                    RawHttp again = null;
                    for (int i = 0; i < 100 && again == null; i++) {
                        RawHttp c = RawHttp.connect(port);
                        try {
                            if (c.get("/").status() == 200) {
                                again = c;
                                continue;
                            }
                        } catch (java.io.IOException closed) {
                            // the slot is freed once the proxy saw the close; retry
                        }
                        c.close();
                        Thread.sleep(20);
                    }
                    assertTrue(again != null, "a freed slot is reusable");
                    held.add(again);
                } finally {
                    for (RawHttp c : held) {
                        c.close();
                    }
                }
            }
        }
    }

    @Test
    void aRuntimeListenerLimitCountsDownstreamCxOverflow() throws Exception {
        try (TestUpstream up = TestUpstream.start("up")) {
            String runtime = """
                    layered_runtime:
                      layers:
                      - name: static
                        static_layer:
                          envoy.resource_limits.listener.ingress.connection_limit: 2
                    """;
            try (ProxyFixture p = ProxyFixture.start(config(runtime, up.port()));
                 RawHttp a = RawHttp.connect(p.port("ingress")); RawHttp b = RawHttp.connect(p.port("ingress"))) {
                String root = p.server.bootstrap().listeners().get(0).statRoot();
                assertEquals(200, a.get("/").status());
                assertEquals(200, b.get("/").status());
                try (RawHttp over = RawHttp.connect(p.port("ingress"))) {
                    assertTrue(over.closedByPeer(2000));
                }
                assertEquals(1, p.stat(root + ".downstream_cx_overflow"));
                assertEquals(0, p.stat(root + ".downstream_global_cx_overflow"));
                try (RawHttp other = RawHttp.connect(p.port("exempt"))) {
                    assertEquals(200, other.get("/").status());
                }
            }
        }
    }
}
