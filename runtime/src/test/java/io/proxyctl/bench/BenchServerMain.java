package io.proxyctl.bench;

import io.proxyctl.config.bind.BootstrapBinder;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.server.ProxyServer;
import io.proxyctl.server.ServerOptions;
import java.util.Map;

/**
 * Runs the data plane on a config file without the CLI, for benchmarks:
 * {@code java -cp <classpath> io.proxyctl.bench.BenchServerMain envoy.yaml [concurrency]}.
 */
public final class BenchServerMain {
    private BenchServerMain() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        LoadResult r = YamlLoader.loadArgument(args[0], System.in);
        if (!r.ok()) {
            System.err.println(r.diagnostics());
            System.exit(1);
        }
        Map<String, Object> tree = (Map<String, Object>) r.source().root();
        ServerOptions o = ServerOptions.defaults().withConfig(tree, args[0]);
        if (args.length > 1) {
            o = o.withConcurrency(Integer.parseInt(args[1]));
        }
        String t = System.getProperty("proxyctl.transport");
        if (t != null) {
            o = o.withTransport(io.proxyctl.transport.Transport.valueOf(t.toUpperCase(java.util.Locale.ROOT)));
        }
        ProxyServer s = ProxyServer.start(BootstrapBinder.bind(tree), o);
        Runtime.getRuntime().addShutdownHook(new Thread(s::shutdown));
        s.awaitTermination();
    }
}
