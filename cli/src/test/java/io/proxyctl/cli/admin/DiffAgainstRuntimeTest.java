package io.proxyctl.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.cli.CliRunner;
import io.proxyctl.server.ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proxyctl diff FILE http://admin}: the file a running proxy loaded and the proxy's own /config_dump are the
 * same configuration; a changed file shows exactly its change.
 */
class DiffAgainstRuntimeTest {
    @Test
    void fileVersusTheProxyThatLoadedItIsIdenticalAndAChangeShows(@TempDir Path dir) throws Exception {
        String yaml = AgainstRuntimeTest.config(9);
        Path file = dir.resolve("envoy.yaml");
        Files.writeString(file, yaml);
        ProxyServer server = AgainstRuntimeTest.serve(yaml);
        try {
            String live = "http://" + AgainstRuntimeTest.address(server);
            CliRunner.Result same = CliRunner.run("diff", file.toString(), live);
            assertEquals(0, same.exitCode(), same.out() + same.err());

            Path changed = dir.resolve("changed.yaml");
            Files.writeString(changed, yaml.replace("connect_timeout: 1s", "connect_timeout: 2s"));
            CliRunner.Result diff = CliRunner.run("diff", "-o", "json", changed.toString(), live);
            assertEquals(1, diff.exitCode(), diff.out() + diff.err());
            assertTrue(diff.out().contains("connect_timeout"), diff.out());
            assertTrue(diff.out().contains("\"service\""), diff.out());
        } finally {
            server.shutdown();
        }
    }
}
