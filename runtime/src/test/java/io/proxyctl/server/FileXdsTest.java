package io.proxyctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.ValidationReport;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import io.proxyctl.xds.XdsType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filesystem xDS with the envoyproxy/examples dynamic-config-fs bootstrap (unchanged apart from its two paths and
 * a loopback admin on port 0): the watched files, written in the shape of the example's configs/cds.yaml and
 * configs/lds.yaml, are served at start and followed when they change; a bad file is rejected and the last good
 * configuration keeps serving.
 */
@ExtendWith(LeakCheckExtension.class)
class FileXdsTest {
    private static final String CDS = """
            version_info: "%s"
            resources:
            - "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster
              name: example_proxy_cluster
              type: STATIC
              load_assignment:
                cluster_name: example_proxy_cluster
                endpoints:
                - lb_endpoints:
                  - endpoint:
                      address:
                        socket_address:
                          address: 127.0.0.1
                          port_value: %d
            """;
    private static final String LISTENER = """
            - "@type": type.googleapis.com/envoy.config.listener.v3.Listener
              name: %s
              address:
                socket_address:
                  address: 127.0.0.1
                  port_value: 0
              filter_chains:
              - filters:
                - name: envoy.filters.network.http_connection_manager
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                    stat_prefix: ingress_http
                    http_filters:
                    - name: envoy.filters.http.router
                      typed_config:
                        "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
                    route_config:
                      name: local_route
                      virtual_hosts:
                      - name: local_service
                        domains:
                        - "*"
                        routes:
                        - match:
                            prefix: "/"
                          route:
                            cluster: example_proxy_cluster
            """;

    @TempDir
    Path dir;
    private TestUpstream a;
    private TestUpstream b;
    private DynamicProxy proxy;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void upstreams() {
        a = TestUpstream.start("service-a");
        b = TestUpstream.start("service-b");
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        a.close();
        b.close();
    }

    @Test
    void dynamicConfigFsExampleServesAndFollowsFileChanges() throws Exception {
        Path cds = dir.resolve("cds.yaml");
        Path lds = dir.resolve("lds.yaml");
        Files.writeString(cds, CDS.formatted("1", a.port()));
        Files.writeString(lds, "version_info: \"1\"\nresources:\n" + LISTENER.formatted("listener_0"));
        String bootstrap = example().replace("/var/lib/envoy/cds.yaml", cds.toString())
                .replace("/var/lib/envoy/lds.yaml", lds.toString())
                .replace("address: 0.0.0.0\n      port_value: 19000", "address: 127.0.0.1\n      port_value: 0");
        ValidationReport report = new ConfigValidator().validate(YamlLoader.loadText("envoy.yaml", bootstrap));
        assertTrue(report.valid(), () -> report.diagnostics().toString());
        proxy = start(report);

        ProxyServer server = proxy.server();
        assertEquals("service-a", get(server.boundPort("listener_0")));
        assertEquals("1", proxy.config().snapshot().version(XdsType.CLUSTER));

        // The cluster moves to the other upstream: written elsewhere and renamed into place, as deploy tools do.
        replace(cds, CDS.formatted("2", b.port()));
        int port = server.boundPort("listener_0");
        eventually(() -> "service-b".equals(getQuietly(port)));
        assertEquals("2", proxy.config().snapshot().version(XdsType.CLUSTER));
        assertEquals(2, server.stats().value("cluster_manager.cds.update_success"));

        // A listener is added; then the first one is removed.
        Files.writeString(lds, "version_info: \"2\"\nresources:\n" + LISTENER.formatted("listener_0")
                + LISTENER.formatted("listener_1"));
        eventually(() -> server.listeners().size() == 2);
        assertEquals("service-b", get(server.boundPort("listener_1")));
        Files.writeString(lds, "version_info: \"3\"\nresources:\n" + LISTENER.formatted("listener_1"));
        eventually(() -> server.listeners().size() == 1);
        assertEquals("listener_1", server.listeners().get(0).name());

        // An invalid file is rejected; the last good configuration keeps serving.
        replace(cds, CDS.formatted("3", b.port()).replace("type: STATIC", "type: STATIC\n  lb_polcy: RANDOM"));
        eventually(() -> server.stats().value("cluster_manager.cds.update_rejected") == 1);
        assertEquals("service-b", get(server.boundPort("listener_1")));
        assertEquals("2", proxy.config().snapshot().version(XdsType.CLUSTER));
        assertTrue(log.stream().anyMatch(l -> l.contains("cds: rejected version 3") && l.contains("lb_polcy")
                && l.contains("cds.yaml:6:3")), log::toString);
    }

    @Test
    void aFileTheStartCannotAcceptFailsTheStart() throws Exception {
        Path cds = dir.resolve("cds.yaml");
        Files.writeString(cds, "resources:\n- \"@type\": type.googleapis.com/envoy.config.listener.v3.Listener\n"
                + "  name: wrong\n");
        String bootstrap = "dynamic_resources:\n  cds_config: {path_config_source: {path: " + cds + "}}\n";
        ValidationReport report = new ConfigValidator().validate(YamlLoader.loadText("envoy.yaml", bootstrap));
        ProxyStartException e = assertThrows(ProxyStartException.class, () -> start(report));
        assertTrue(e.getMessage().contains("expects envoy.config.cluster.v3.Cluster"), e.getMessage());
    }

    private DynamicProxy start(ValidationReport report) {
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) report.v3().root();
        return DynamicProxy.start(tree, ServerOptions.defaults().withConcurrency(1).withLog(log::add), null,
                Duration.ofMillis(20));
    }

    private static String example() throws IOException, URISyntaxException {
        Path p = Path.of(FileXdsTest.class.getResource("/envoyproxy-examples/dynamic-config-fs/envoy.yaml").toURI());
        LoadResult r = YamlLoader.load(p.toString(), Files.readAllBytes(p));
        assertTrue(r.ok());
        return r.text();
    }

    private void replace(Path target, String content) throws IOException {
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String get(int port) throws IOException {
        try (RawHttp http = RawHttp.connect(port)) {
            RawHttp.Response r = http.get("/");
            assertEquals(200, r.status(), r::body);
            return r.body();
        }
    }

    private static String getQuietly(int port) {
        try {
            return get(port);
        } catch (IOException | AssertionError e) {
            return null;
        }
    }

    static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10s");
            Thread.sleep(10);
        }
        assertNotNull(condition);
    }
}
