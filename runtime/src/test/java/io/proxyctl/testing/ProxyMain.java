package io.proxyctl.testing;

import io.proxyctl.config.bind.BootstrapBinder;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.server.ListenerInfo;
import io.proxyctl.server.ProxyServer;
import io.proxyctl.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The proxy alone in a child JVM ({@link ProxyProcess}), so a test can cap its heap or give it its own file
 * descriptors: serves the YAML file named by {@code args[0]}, prints
 * {@code READY admin=<port> <listener>=<port>...} and runs until its standard input closes.
 */
public final class ProxyMain {
    private ProxyMain() {
    }

    public static void main(String[] args) throws Exception {
        LoadResult r = YamlLoader.load(args[0], Files.readAllBytes(Path.of(args[0])));
        if (!r.ok()) {
            System.out.println("FAILED " + r.diagnostics());
            System.exit(2);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) r.source().root();
        ProxyServer server = ProxyServer.start(BootstrapBinder.bind(tree), ServerOptions.defaults().withConcurrency(2)
                .withConfig(tree, args[0]));
        StringBuilder ready = new StringBuilder("READY admin=" + server.adminAddress().getPort());
        for (ListenerInfo l : server.listeners()) {
            ready.append(' ').append(l.name()).append('=').append(l.bound().getPort());
        }
        System.out.println(ready);
        System.out.flush();
        while (System.in.read() >= 0) {
            // run until the parent closes our stdin
        }
        server.shutdown();
        System.out.println("STOPPED");
        System.exit(0);
    }
}
