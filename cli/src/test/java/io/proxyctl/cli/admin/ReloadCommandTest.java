package io.proxyctl.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.bind.BootstrapBinder;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.server.ProxyServer;
import io.proxyctl.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proxyctl admin reload} against a running proxyctl: exit 0 when applied, 1 with the diagnostics when rejected. */
class ReloadCommandTest {
    @TempDir
    Path tmp;

    private static String config(String clusterName) {
        return """
                admin:
                  address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                static_resources:
                  clusters:
                  - name: %s
                    type: STATIC
                    connect_timeout: 1s
                    load_assignment:
                      cluster_name: %s
                      endpoints:
                      - lb_endpoints:
                        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: 9 } } }
                """.formatted(clusterName, clusterName);
    }

    @Test
    void appliedExitsZeroAndRejectedExitsOneWithDiagnostics() throws Exception {
        Path file = tmp.resolve("envoy.yaml");
        Files.writeString(file, config("one"));
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) YamlLoader.loadText("envoy.yaml", config("one")).source().root();
        ProxyServer server = ProxyServer.start(BootstrapBinder.bind(tree), ServerOptions.defaults().withConcurrency(1)
                .withLog(l -> { }).withConfig(tree, file.toString()));
        try {
            String admin = "127.0.0.1:" + server.adminAddress().getPort();
            Files.writeString(file, config("two"));
            Cli.Result ok = Cli.run("admin", "reload", "-a", admin);
            assertEquals(0, ok.code(), ok.err());
            assertTrue(ok.out().contains("OK: config reload applied") && ok.out().contains("clusters added: two")
                    && ok.out().contains("clusters removed: one"), ok.out());

            Files.writeString(file, config("three").replace("connect_timeout", "conect_timeout"));
            Cli.Result bad = Cli.run("admin", "reload", "-a", admin);
            assertEquals(1, bad.code(), bad.out());
            assertTrue(bad.err().contains("error[PX2001]") && bad.err().contains("conect_timeout"), bad.err());
            assertTrue(bad.err().contains("reload rejected"), bad.err());
            assertEquals("two", server.clusters().iterator().next().name());

            Cli.Result json = Cli.run("admin", "reload", "-a", admin, "-o", "json");
            assertEquals(1, json.code());
            assertTrue(json.out().contains("\"applied\": false"), json.out());
        } finally {
            server.shutdown();
        }
    }
}
