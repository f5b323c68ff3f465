package io.proxyctl.server;

import io.netty.util.ResourceLeakDetector;
import io.proxyctl.accesslog.AccessLogFactory;
import io.proxyctl.accesslog.AccessLogWriter;
import io.proxyctl.accesslog.AccessLogger;
import io.proxyctl.admin.AdminHandlerRegistry;
import io.proxyctl.admin.AdminServer;
import io.proxyctl.admin.endpoint.AdminEndpoints;
import io.proxyctl.common.LogLevels;
import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.model.AccessLog;
import io.proxyctl.config.model.Bootstrap;
import io.proxyctl.config.model.ConnectionLimits;
import io.proxyctl.config.model.FilterChain;
import io.proxyctl.config.model.Listener;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import io.proxyctl.config.validate.Severity;
import io.proxyctl.network.ActiveListener;
import io.proxyctl.network.ConnectionLimiter;
import io.proxyctl.network.ListenerBindException;
import io.proxyctl.network.ListenerManager;
import io.proxyctl.network.NetworkFilterFactory;
import io.proxyctl.stats.StatsStore;
import io.proxyctl.stats.StatsView;
import io.proxyctl.transport.Transport;
import io.proxyctl.transport.Workers;
import io.proxyctl.upstream.ClusterManager;
import io.proxyctl.upstream.UpstreamCluster;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A running proxy: clusters, listeners with their HTTP connection managers, and the admin listener, all on one
 * group of {@code concurrency} event loops.
 *
 * <pre>
 * Bootstrap b = BootstrapBinder.bind(tree);
 * ProxyServer server = ProxyServer.start(b, ServerOptions.defaults().withConcurrency(2));
 * int port = server.boundPort("ingress");
 * ReloadResult r = server.reload(YamlLoader.loadText("envoy.yaml", newText));   // applied, or rejected + diagnostics
 * ...
 * server.shutdown();          // stop accepting, drain within drain_timeout, close
 * server.awaitTermination();
 * </pre>
 *
 * <p>Unless {@code -Dio.netty.leakDetection.level} is given, starting a server turns Netty's buffer leak sampling
 * off for the process, as a production proxy runs.
 */
public final class ProxyServer implements AutoCloseable {
    /** The server lifecycle: initializing until every listener is bound, then live until shutdown. */
    public enum State { INITIALIZING, LIVE, DRAINING, TERMINATED }

    // Replaced by a reload (with the tree and time below); read by the admin endpoints.
    private volatile Bootstrap bootstrap;
    private volatile Map<String, Object> configTree;
    private volatile Instant loadedAt = Instant.now();
    private final ServerOptions options;
    private final StatsStore stats;
    private final Workers workers;
    private final AccessLogWriter accessLogWriter;
    private final ClusterManager clusters;
    private final ListenerManager listeners = new ListenerManager();
    private final AdminHandlerRegistry adminHandlers = new AdminHandlerRegistry();
    private final AtomicReference<State> state = new AtomicReference<>(State.INITIALIZING);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final long startMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private final LogLevels logLevels = new LogLevels();
    private final ServerStats serverStats;
    private volatile boolean healthCheckFailed;
    private AdminServer admin;
    private AccessLogFactory accessLogs;
    private final Object reloadLock = new Object();
    // Fixed at start: overload_manager and layered_runtime are not reloaded.
    private final ConnectionLimiter connectionLimit;
    private final ConnectionLimits startLimits;
    private ConfigReloader reloader;
    private java.util.Set<String> reloadWarningsLogged = java.util.Set.of(); // guarded by the reload lock
    // Set once when the server runs for a DynamicProxy: admin dumps show the xDS state and the original bootstrap.
    private volatile io.proxyctl.xds.DynamicConfig dynamicConfig;
    private volatile Map<String, Object> dynamicBootstrap;

    private ProxyServer(Bootstrap bootstrap, ServerOptions options) {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            // A production data plane does not sample buffers for leaks unless asked to (tests ask for paranoid).
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        this.bootstrap = bootstrap;
        this.configTree = options.configTree();
        this.startLimits = bootstrap.limits();
        this.connectionLimit = new ConnectionLimiter(startLimits.globalMax());
        this.options = options;
        this.stats = options.stats() != null ? options.stats() : new StatsStore();
        Transport transport = options.transport() != null ? options.transport() : Transport.best();
        this.workers = new Workers(options.concurrency(), transport);
        this.accessLogWriter = new AccessLogWriter(stats.counter("access_log.dropped_lines"), options.stderr());
        this.serverStats = new ServerStats(stats, workers.size(), this::uptimeMillis, () -> envoyState().ordinal(),
                () -> envoyState() == io.proxyctl.admin.AdminTarget.State.LIVE ? 1 : 0, listeners::openConnections);
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
        clusters.start(options.initialDnsWait());
        AccessLogFactory logs = new AccessLogFactory(accessLogWriter, options.stdout(), options.stderr());
        this.accessLogs = logs;
        Consumer<String> mainLog = logLevels.logger(LogLevels.MAIN, LogLevels.Level.INFO, options.log());
        FilterChainFactories chains = filterChainFactories(clusters::cluster);
        List<ActiveListener> active = new ArrayList<>();
        for (Listener l : bootstrap.listeners()) {
            List<NetworkFilterFactory> factories = new ArrayList<>();
            for (int i = 0; i < l.filterChains().size(); i++) {
                FilterChain fc = l.filterChains().get(i);
                factories.add(chains.create(l, fc, "filter chain " + (fc.name().isEmpty() ? "#" + i : "'" + fc.name() + "'")));
            }
            NetworkFilterFactory def = l.defaultFilterChain() == null ? null
                    : chains.create(l, l.defaultFilterChain(), "default filter chain");
            active.add(newActiveListener(l, factories, def));
        }
        if (bootstrap.admin() != null && bootstrap.admin().address() != null) {
            AdminEndpoints.register(adminHandlers, new ServerAdmin(this));
            adminHandlers.register(new ReloadEndpoint(this));
            Consumer<String> adminErrors = logLevels.logger(LogLevels.ADMIN, LogLevels.Level.ERROR,
                    line -> options.log().accept("error: " + line));
            AdminServer.Settings settings = new AdminServer.Settings(bootstrap.admin().address(), workers.transport(),
                    stats, adminAccessLoggers(logs), bootstrap.admin().allowPaths(), adminErrors);
            try {
                admin = AdminServer.start(settings, adminHandlers);
            } catch (ListenerBindException e) {
                throw new ProxyStartException(e.getMessage(), e);
            }
            mainLog.accept("admin listening on " + format(admin.address()));
        }
        try {
            listeners.bindAll(active);
        } catch (ListenerBindException e) {
            throw new ProxyStartException(e.getMessage(), e);
        }
        state.compareAndSet(State.INITIALIZING, State.LIVE);
        serverStats.started(listeners.listeners().size(), workers.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        serverStats.startFlushing(bootstrap.stats().interval().toMillis(), bootstrap.stats().onAdmin());
        for (ActiveListener l : listeners.listeners()) {
            // The configured host with the bound port: a dual-stack socket reports 0.0.0.0 as "::".
            String host = l.config().address() == null ? null : l.config().address().host();
            mainLog.accept("listener '" + l.config().name() + "' listening on "
                    + (host == null ? format(l.boundAddress())
                            : (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + l.boundAddress().getPort())
                    + " (" + workers.size() + " event loops, " + workers.transport().label() + ")");
        }
    }

    /** Compiles filter chains against {@code clusters} (the running set, or the one a reload prepares). */
    FilterChainFactories filterChainFactories(Function<String, UpstreamCluster> clusterLookup) {
        return new FilterChainFactories(clusterLookup, stats, workers, accessLogs,
                logLevels.logger(LogLevels.CONFIG, LogLevels.Level.WARNING, options.log()));
    }

    ActiveListener newActiveListener(Listener l, List<NetworkFilterFactory> factories, NetworkFilterFactory def) {
        return new ActiveListener(l, factories, def, workers, stats, l.ignoreGlobalConnLimit() ? null : connectionLimit,
                startLimits.listenerMax(l.name()));
    }

    /**
     * Validates {@code source} with the {@code proxyctl validate} pipeline and, when it has no error, applies it
     * to the running server as one step: unchanged listeners keep their sockets and connections and route new
     * requests on the new route tables; new listeners are bound first (a bind failure rejects the whole reload);
     * removed listeners, and those whose address changed, stop accepting and drain within their drain_timeout;
     * unchanged clusters keep their connection pools, health-check and outlier state; changed clusters are
     * replaced and removed ones retired, their connections closing as in-flight requests end. On rejection
     * nothing changes. Thread-safe: reloads are serialized. Each one logs a line (one per diagnostic when
     * rejected) and counts {@code server.reload_success} or {@code server.reload_failure}.
     *
     * <p>This is the entry point for dynamic configuration: xDS applies a whole bootstrap tree (static listeners
     * and clusters holding the current dynamic resources) through it.
     *
     * @param source a whole bootstrap document, v3 or v2 (upgraded as {@code validate} does)
     */
    public ReloadResult reload(ConfigSource source) {
        Objects.requireNonNull(source, "source");
        return reload(new LoadResult(source, source.text(), List.of()));
    }

    /**
     * As {@link #reload(ConfigSource)}, for a bootstrap built in memory (xDS): {@code tree} holds the types
     * {@link YamlLoader} produces (LinkedHashMap, ArrayList, String, Long, Double, Boolean, null). Diagnostics name
     * {@code name} and carry field paths but no line numbers.
     */
    public ReloadResult reload(String name, Map<String, Object> tree) {
        Objects.requireNonNull(tree, "tree");
        return reload(new ConfigSource(name, "", tree, new io.proxyctl.config.load.SourceMap()));
    }

    /** As {@link #reload(ConfigSource)}, for a document {@link YamlLoader} loaded (with its load errors). */
    public ReloadResult reload(LoadResult loaded) {
        Objects.requireNonNull(loaded, "loaded");
        synchronized (reloadLock) {
            ReloadResult r;
            if (state.get() != State.LIVE) {
                r = ReloadResult.rejected(List.of(new Diagnostic(options.configPath(), 0, 0,
                        Severity.ERROR, DiagnosticCode.RELOAD_REJECTED,
                        "the server is " + state.get().name().toLowerCase(Locale.ROOT) + ", not live", "", null)));
            } else {
                if (reloader == null) {
                    reloader = new ConfigReloader(this, new ConfigValidator());
                }
                try {
                    r = reloader.reload(loaded);
                } catch (RuntimeException e) {
                    // A bug must not take the server down: report it as a rejection, the old config stays.
                    r = ReloadResult.rejected(List.of(new Diagnostic(options.configPath(), 0, 0,
                            Severity.ERROR, DiagnosticCode.RELOAD_REJECTED,
                            "reload failed: " + e, "", null)));
                }
            }
            Consumer<String> mainLog = logLevels.logger(LogLevels.MAIN, LogLevels.Level.INFO, options.log());
            String name = loaded.source() != null ? loaded.source().name() : options.configPath();
            if (r.applied()) {
                serverStats.reloaded(true);
                mainLog.accept("reload: applied " + name + " (" + r.changes().summary() + ")");
                // Each warning once while it stays true: xDS applies many updates, each a whole-config reload.
                java.util.Set<String> now = new java.util.HashSet<>();
                for (Diagnostic d : r.diagnostics()) {
                    String key = d.code().id() + " " + d.path() + " " + d.message(); // not the source name
                    now.add(key);
                    if (!reloadWarningsLogged.contains(key)) {
                        mainLog.accept("reload: " + ConfigReloader.describe(d));
                    }
                }
                reloadWarningsLogged = now;
            } else {
                serverStats.reloaded(false);
                options.log().accept("error: reload: rejected " + name + "; still serving the previous config ("
                        + r.errors().size() + " error" + (r.errors().size() == 1 ? "" : "s") + ")");
                for (Diagnostic d : r.diagnostics()) {
                    options.log().accept("error: reload: " + ConfigReloader.describe(d));
                }
            }
            return r;
        }
    }

    /**
     * Reloads the file the server was started from ({@link ServerOptions#configPath()}), as SIGHUP, {@code run
     * --watch} and the admin's {@code POST /reload} do. Rejected when the server was not started from a file.
     */
    public ReloadResult reloadConfigFile() {
        String path = options.configPath();
        if (path.isEmpty() || path.equals("-") || path.startsWith("<")) {
            ReloadResult r = ReloadResult.rejected(List.of(new Diagnostic(path.isEmpty() ? "<config>" : path, 0, 0,
                    Severity.ERROR, DiagnosticCode.RELOAD_REJECTED,
                    "the server was not started from a config file, so there is nothing to reload", "", null)));
            serverStats.reloaded(false);
            options.log().accept("error: reload: " + ConfigReloader.describe(r.diagnostics().get(0)));
            return r;
        }
        return reload(YamlLoader.loadArgument(path, InputStream.nullInputStream()));
    }

    /** Marks this server as fed by xDS: {@code bootstrap} is the tree with its dynamic_resources. */
    void setDynamicConfig(io.proxyctl.xds.DynamicConfig config, Map<String, Object> bootstrap) {
        this.dynamicBootstrap = bootstrap;
        this.dynamicConfig = config;
    }

    /** The xDS state machine feeding this server, or null for a static configuration. */
    io.proxyctl.xds.DynamicConfig dynamicConfig() {
        return dynamicConfig;
    }

    /** The bootstrap as loaded (with dynamic_resources) when xDS feeds this server, else null. */
    Map<String, Object> dynamicBootstrap() {
        return dynamicBootstrap;
    }

    /** A reload was applied: what admin endpoints show from now on. */
    void configApplied(Bootstrap next, Map<String, Object> tree) {
        this.bootstrap = next;
        this.configTree = tree;
        this.loadedAt = Instant.now();
    }

    ClusterManager clusterManager() {
        return clusters;
    }

    ServerStats serverStats() {
        return serverStats;
    }

    /** The v3 document being served (for {@code /config_dump}), or null when the server was given none. */
    Map<String, Object> configTree() {
        return configTree;
    }

    /** {@code admin.access_log}, plus the deprecated {@code access_log_path} as a file log in Envoy's format. */
    private List<AccessLogger> adminAccessLoggers(AccessLogFactory logs) {
        List<AccessLog> configs = new ArrayList<>(bootstrap.admin().accessLog());
        String path = bootstrap.admin().accessLogPath();
        if (path != null && !path.isEmpty()) {
            configs.add(new AccessLog("envoy.access_loggers.file", null, new AccessLog.Sink.File(path), null, false));
        }
        return logs.create(configs);
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

    /** The state as Envoy's admin reports it: failing health checks reads as DRAINING. */
    io.proxyctl.admin.AdminTarget.State envoyState() {
        return switch (state.get()) {
            case INITIALIZING -> io.proxyctl.admin.AdminTarget.State.INITIALIZING;
            case LIVE -> healthCheckFailed ? io.proxyctl.admin.AdminTarget.State.DRAINING
                    // Envoy stays INITIALIZING until its first CDS/LDS responses and their warming are done.
                    : dynamicConfig != null && !dynamicConfig.initialized() ? io.proxyctl.admin.AdminTarget.State.INITIALIZING
                    : io.proxyctl.admin.AdminTarget.State.LIVE;
            default -> io.proxyctl.admin.AdminTarget.State.DRAINING;
        };
    }

    /** The options the server runs with. */
    ServerOptions options() {
        return options;
    }

    StatsStore statsStore() {
        return stats;
    }

    Collection<UpstreamCluster> runningClusters() {
        return clusters.clusters();
    }

    ListenerManager listenerManager() {
        return listeners;
    }

    Instant loadedAt() {
        return loadedAt;
    }

    LogLevels logLevels() {
        return logLevels;
    }

    int concurrency() {
        return workers.size();
    }

    boolean healthCheckFailed() {
        return healthCheckFailed;
    }

    /** {@code /healthcheck/fail} and {@code /healthcheck/ok}. */
    void setHealthCheckFailed(boolean failed) {
        healthCheckFailed = failed;
        listeners.setHealthCheckFailed(failed);
    }

    /**
     * {@code /drain_listeners} on the listeners {@code which} selects; see
     * {@link io.proxyctl.admin.AdminTarget#drainListeners}.
     */
    void drainListeners(Predicate<Listener> which, boolean graceful, boolean exit) {
        int n = (int) listeners.listeners().stream().filter(l -> which.test(l.config())).count();
        if (!graceful) {
            listeners.stopAccepting(which);
            serverStats.listenersStopped(n);
            return;
        }
        Thread t = new Thread(() -> {
            serverStats.listenersDraining(n);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(listeners.drain(which));
            while (System.nanoTime() < deadline && listeners.openConnections() > 0) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            listeners.stopAccepting(which);
            serverStats.listenersDraining(-n);
            serverStats.listenersStopped(n);
            if (exit) {
                shutdown();
            }
        }, "proxyctl-drain");
        t.setDaemon(true);
        t.start();
    }

    /** {@code /quitquitquit}: shuts down on its own thread, so the admin loop that asked is never blocked. */
    void quit() {
        Thread t = new Thread(this::shutdown, "proxyctl-quit");
        t.start();
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
        if (!state.compareAndSet(State.LIVE, State.DRAINING) && !state.compareAndSet(State.INITIALIZING, State.DRAINING)) {
            if (!onEventLoop()) {
                awaitTermination();
            }
            return;
        }
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
            // A reload in progress finishes first; later ones see the server is no longer live.
            synchronized (reloadLock) {
                listeners.stopAccepting();
            }
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
            serverStats.close();
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
