package io.proxyctl.testing;

import io.proxyctl.config.bind.BootstrapBinder;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.model.Bootstrap;
import io.proxyctl.server.ProxyServer;
import io.proxyctl.server.ServerOptions;
import io.proxyctl.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Starts a {@link ProxyServer} from YAML text for a test and stops it on close. */
public final class ProxyFixture implements AutoCloseable {
    public final ProxyServer server;
    public final List<String> log = new CopyOnWriteArrayList<>();
    public final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    private ProxyFixture(Map<String, Object> tree, int concurrency, Transport transport) {
        ServerOptions o = ServerOptions.defaults().withConcurrency(concurrency).withTransport(transport)
                .withLog(log::add).withStreams(new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err)
                .withInitialDnsWait(Duration.ofSeconds(5)).withConfig(tree, "test.yaml");
        this.server = ProxyServer.start(BootstrapBinder.bind(tree), o);
    }

    /** Loads and binds YAML the way {@code proxyctl run} does after validation. */
    public static Bootstrap bind(String yaml) {
        return BootstrapBinder.bind(tree(yaml));
    }

    /** The loaded YAML tree (the v3 document the server is given for its config dump). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> tree(String yaml) {
        LoadResult r = YamlLoader.loadText("test.yaml", yaml);
        if (!r.ok()) {
            throw new AssertionError("bad test YAML: " + r.diagnostics());
        }
        return (Map<String, Object>) r.source().root();
    }

    public static ProxyFixture start(String yaml) {
        return new ProxyFixture(tree(yaml), 2, Transport.best());
    }

    /** Starts from an already loaded (and possibly rewritten) v3 tree. */
    public static ProxyFixture start(Map<String, Object> tree) {
        return new ProxyFixture(tree, 2, Transport.best());
    }

    public static ProxyFixture start(String yaml, int concurrency, Transport transport) {
        return new ProxyFixture(tree(yaml), concurrency, transport);
    }

    public int port(String listener) {
        return server.boundPort(listener);
    }

    public String stdoutText() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    public long stat(String name) {
        return server.stats().value(name);
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
