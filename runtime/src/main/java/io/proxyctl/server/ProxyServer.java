package io.proxyctl.server;

import io.netty.util.ResourceLeakDetector;
import io.proxyctl.accesslog.AccessLogFactory;
import io.proxyctl.accesslog.AccessLogWriter;
import io.proxyctl.admin.AdminHandlerRegistry;
import io.proxyctl.admin.AdminServer;
import io.proxyctl.config.model.Bootstrap;
import io.proxyctl.config.model.FilterChain;
import io.proxyctl.config.model.Listener;
import io.proxyctl.network.ActiveListener;
import io.proxyctl.network.ListenerBindException;
import io.proxyctl.network.ListenerManager;
import io.proxyctl.network.NetworkFilterFactory;
import io.proxyctl.stats.StatsStore;
import io.proxyctl.stats.StatsView;
import io.proxyctl.transport.Transport;
import io.proxyctl.transport.Workers;
import io.proxyctl.upstream.ClusterManager;
import io.proxyctl.upstream.UpstreamCluster;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running proxy: clusters, listeners with their HTTP connection managers, and the admin listener, all on one
 * group of {@code concurrency} event loops.
 *
 * <pre>
 * Bootstrap b = BootstrapBinder.bind(tree);
 * ProxyServer server = ProxyServer.start(b, ServerOptions.defaults().withConcurrency(2));
 * int port = server.boundPort("ingress");
 * ...
 * server.shutdown();          // stop accepting, drain within drain_timeout, close
 * server.awaitTermination();
 * </pre>
 *
 * <p>Unless {@code -Dio.netty.leakDetection.level} is given, starting a server turns Netty's buffer leak sampling
 * off for the process, as a production proxy runs.
 */
public final class ProxyServer implements AutoCloseable {
    /** The server lifecycle, as Envoy's {@code /ready} reports it. */
    public enum State { LIVE, DRAINING, TERMINATED }

    private final Bootstrap bootstrap;
    private final ServerOptions options;
    private final StatsStore stats;
    private final Workers workers;
    private final AccessLogWriter accessLogWriter;
    private final ClusterManager clusters;
    private final ListenerManager listeners = new ListenerManager();
    private final AdminHandlerRegistry adminHandlers = new AdminHandlerRegistry();
    private final AtomicReference<State> state = new AtomicReference<>(State.LIVE);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final long startMillis = System.currentTimeMillis();
    private AdminServer admin;

    private ProxyServer(Bootstrap bootstrap, ServerOptions options) {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            // A production data plane does not sample buffers for leaks unless asked to (tests ask for paranoid).
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        this.bootstrap = bootstrap;
        this.options = options;
        this.stats = options.stats() != null ? options.stats() : new StatsStore();
        Transport transport = options.transport() != null ? options.transport() : Transport.best();
        this.workers = new Workers(options.concurrency(), transport);
        this.accessLogWriter = new AccessLogWriter(stats.counter("access_log.dropped_lines"), options.stderr());
        ClusterManager cm = null;
        try {
            cm = new ClusterManager(bootstrap.clusters(), stats, workers);
        } catch (RuntimeException e) {
            accessLogWriter.close();
            workers.shutdown().awaitUninterruptibly();
            throw e;
        }
        this.clusters = cm;
    }

    /**
     * Starts serving {@code bootstrap}: resolves DNS clusters (waiting up to {@code options.initialDnsWait()}),
     * compiles routes, binds the admin listener and every listener, and logs one line per bound listener.
     *
     * @throws ProxyStartException with a one-line message when anything cannot start (a bind failure names the
     *                             listener and address); nothing stays bound or running afterwards
     */
    public static ProxyServer start(Bootstrap bootstrap, ServerOptions options) {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(options, "options");
        ProxyServer s;
        try {
            s = new ProxyServer(bootstrap, options);
        } catch (RuntimeException e) {
            throw new ProxyStartException(e.getMessage(), e);
        }
        try {
            s.startInternal();
            return s;
        } catch (RuntimeException e) {
            s.stopNow();
            throw e instanceof ProxyStartException p ? p : new ProxyStartException(e.getMessage(), e);
        }
    }

    private void startInternal() {
        stats.gauge("server.concurrency").set(workers.size());
        stats.gauge("server.live").set(1);
        stats.gauge("server.state").set(0);
        clusters.start(options.initialDnsWait());
        AccessLogFactory logs = new AccessLogFactory(accessLogWriter, options.stdout(), options.stderr());
        FilterChainFactories chains = new FilterChainFactories(clusters, stats, workers, logs, options.log());
        List<ActiveListener> active = new ArrayList<>();
        for (Listener l : bootstrap.listeners()) {
            List<NetworkFilterFactory> factories = new ArrayList<>();
            for (int i = 0; i < l.filterChains().size(); i++) {
                FilterChain fc = l.filterChains().get(i);
                factories.add(chains.create(l, fc, "filter chain " + (fc.name().isEmpty() ? "#" + i : "'" + fc.name() + "'")));
            }
            NetworkFilterFactory def = l.defaultFilterChain() == null ? null
                    : chains.create(l, l.defaultFilterChain(), "default filter chain");
            active.add(new ActiveListener(l, factories, def, workers, stats));
        }
        if (bootstrap.admin() != null && bootstrap.admin().address() != null) {
            try {
                admin = AdminServer.start(bootstrap.admin().address(), workers, adminHandlers);
            } catch (ListenerBindException e) {
                throw new ProxyStartException(e.getMessage(), e);
            }
            options.log().accept("admin listening on " + format(admin.address()));
        }
        try {
            listeners.bindAll(active);
        } catch (ListenerBindException e) {
            throw new ProxyStartException(e.getMessage(), e);
        }
        for (ActiveListener l : listeners.listeners()) {
            options.log().accept("listener '" + l.config().name() + "' listening on " + format(l.boundAddress())
                    + " (" + workers.size() + " event loops, " + workers.transport().name().toLowerCase() + ")");
        }
    }

    private static String format(InetSocketAddress a) {
        String ip = a.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }

    /** The actual port of a listener (the ephemeral one for port 0); throws for an unknown name. */
    public int boundPort(String listenerName) {
        InetSocketAddress a = listeners.boundAddress(listenerName);
        if (a == null) {
            throw new IllegalArgumentException("no listener named '" + listenerName + "'");
        }
        return a.getPort();
    }

    /** The admin listener's bound address, or null when the config has no admin address. */
    public InetSocketAddress adminAddress() {
        return admin == null ? null : admin.address();
    }

    /** The admin endpoints; register handlers here (before or after start). */
    public AdminHandlerRegistry adminHandlers() {
        return adminHandlers;
    }

    /** Read-only stats. */
    public StatsView stats() {
        return stats;
    }

    /** The running clusters (hosts, per-cluster stats). */
    public Collection<UpstreamCluster> clusters() {
        return clusters.clusters();
    }

    /** The bound listeners. */
    public List<ListenerInfo> listeners() {
        List<ListenerInfo> out = new ArrayList<>();
        for (ActiveListener l : listeners.listeners()) {
            out.add(new ListenerInfo(l.config().name(), l.config().address(), l.boundAddress()));
        }
        return out;
    }

    /** The configuration being served. */
    public Bootstrap bootstrap() {
        return bootstrap;
    }

    public State state() {
        return state.get();
    }

    /** Milliseconds since start. */
    public long uptimeMillis() {
        return System.currentTimeMillis() - startMillis;
    }

    /**
     * Graceful shutdown: stop accepting, let in-flight requests finish within the connection managers'
     * drain_timeout, then close everything. Blocks until done, except when called from an event loop (for
     * example by an admin handler), where it only starts the shutdown.
     */
    public void shutdown() {
        if (!state.compareAndSet(State.LIVE, State.DRAINING)) {
            if (!onEventLoop()) {
                awaitTermination();
            }
            return;
        }
        stats.gauge("server.live").set(0);
        stats.gauge("server.state").set(1);
        Thread t = new Thread(this::drainAndStop, "proxyctl-shutdown");
        t.start();
        if (!onEventLoop()) {
            awaitTermination();
        }
    }

    private boolean onEventLoop() {
        for (int i = 0; i < workers.size(); i++) {
            if (workers.loop(i).inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    private void drainAndStop() {
        try {
            listeners.stopAccepting();
            listeners.drainAndWait();
        } finally {
            stopNow();
        }
    }

    /** Closes everything at once. */
    private void stopNow() {
        try {
            listeners.stopAccepting();
            listeners.closeAll();
            if (admin != null) {
                admin.close();
            }
            clusters.close();
            accessLogWriter.close();
            workers.shutdown().awaitUninterruptibly(10, TimeUnit.SECONDS);
        } finally {
            state.set(State.TERMINATED);
            terminated.countDown();
        }
    }

    /** Blocks until the server has terminated. */
    public void awaitTermination() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks up to {@code timeout}; true when terminated. */
    public boolean awaitTermination(Duration timeout) {
        try {
            return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        shutdown();
    }
}
