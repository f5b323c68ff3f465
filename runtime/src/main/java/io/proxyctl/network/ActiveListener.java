package io.proxyctl.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.proxyctl.config.model.FilterChain;
import io.proxyctl.config.model.Listener;
import io.proxyctl.stats.Counter;
import io.proxyctl.stats.Gauge;
import io.proxyctl.stats.Histogram;
import io.proxyctl.stats.StatsStore;
import io.proxyctl.transport.Workers;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One bound listener: its server channel, its filter chains (each with a {@link NetworkFilterFactory}) and its
 * open connections, tracked for draining. With a {@code tls_inspector} the chain is selected once the
 * connection's first bytes were inspected (SNI, ALPN, TLS or not); otherwise at accept time.
 */
public final class ActiveListener {
    // Replaced together by a config reload that keeps the socket; accept() reads them once per connection.
    private volatile Listener config;
    private volatile Chains chains;
    // Chains replaced by reloads whose connections carried over, by chain key; only reloads (serialized) touch it.
    private Map<NetworkFilterFactory, String> carried = new IdentityHashMap<>();
    private final Workers workers;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private static final AttributeKey<NetworkFilterFactory> FACTORY = AttributeKey.valueOf("proxyctl.filterChain");
    private final Counter cxTotal;
    private final Gauge cxActive;
    private final Counter cxDestroy;
    private final Counter noFilterChainMatch;
    private final Counter preCxTimeout;
    private final Histogram cxLengthMs;
    private final ConnectionLimiter global;
    private final long listenerMax;
    private final Counter globalCxOverflow;
    private final Counter cxOverflow;
    private Channel serverChannel;

    /**
     * @param factories one factory per filter chain of {@code config}, in order; null entries mark chains that
     *                  cannot be served (their connections are closed)
     * @param defaultFactory the factory of {@code default_filter_chain}, or null
     */
    public ActiveListener(Listener config, List<NetworkFilterFactory> factories, NetworkFilterFactory defaultFactory,
                          Workers workers, StatsStore stats) {
        this(config, factories, defaultFactory, workers, stats, null, 0);
    }

    /**
     * @param global      the global downstream connection limit, or null when this listener ignores it
     *                    ({@code ignore_global_conn_limit})
     * @param listenerMax this listener's own connection limit (runtime
     *                    {@code envoy.resource_limits.listener.<name>.connection_limit}), 0 for none
     */
    public ActiveListener(Listener config, List<NetworkFilterFactory> factories, NetworkFilterFactory defaultFactory,
                          Workers workers, StatsStore stats, ConnectionLimiter global, long listenerMax) {
        this.global = global;
        this.listenerMax = listenerMax;
        this.config = config;
        this.workers = workers;
        this.chains = new Chains(config, factories, defaultFactory);
        String root = config.statRoot() + ".";
        cxTotal = stats.counter(root + "downstream_cx_total");
        cxActive = stats.gauge(root + "downstream_cx_active");
        cxDestroy = stats.counter(root + "downstream_cx_destroy");
        noFilterChainMatch = stats.counter(root + "no_filter_chain_match");
        preCxTimeout = stats.counter(root + "downstream_pre_cx_timeout");
        cxLengthMs = stats.histogram(root + "downstream_cx_length_ms");
        globalCxOverflow = stats.counter(root + "downstream_global_cx_overflow");
        cxOverflow = stats.counter(root + "downstream_cx_overflow");
    }

    public Listener config() {
        return config;
    }

    /** A listener's filter chains compiled into factories, with the chain keys a reload matches them by. */
    private static final class Chains {
        final List<FilterChainMatcher.Candidate<NetworkFilterFactory>> candidates = new ArrayList<>();
        final NetworkFilterFactory defaultChain;
        final boolean inspect;
        final Map<String, NetworkFilterFactory> byKey = new HashMap<>();

        Chains(Listener config, List<NetworkFilterFactory> factories, NetworkFilterFactory defaultFactory) {
            for (int i = 0; i < config.filterChains().size(); i++) {
                FilterChain fc = config.filterChains().get(i);
                candidates.add(new FilterChainMatcher.Candidate<>(fc, factories.get(i), "listener '" + config.name() + "'"));
                if (factories.get(i) != null) {
                    byKey.put(fc.name().isEmpty() ? "#" + i : "name:" + fc.name(), factories.get(i));
                }
            }
            this.defaultChain = defaultFactory;
            if (defaultFactory != null) {
                byKey.put("default", defaultFactory);
            }
            this.inspect = config.hasTlsInspector();
        }

        List<NetworkFilterFactory> all() {
            return new ArrayList<>(byKey.values());
        }
    }

    /**
     * A reload changed this listener but not its address: new connections get the new filter chains at once;
     * established connections whose chain has a counterpart (same chain name, or same position when unnamed)
     * that accepts them ({@link NetworkFilterFactory#carryOver}) keep going and route new requests on the new
     * tables, the others drain.
     *
     * @param healthCheckFailed the server's current {@code /healthcheck/fail} state, applied to the new chains
     */
    public void update(Listener newConfig, List<NetworkFilterFactory> factories, NetworkFilterFactory defaultFactory,
                       boolean healthCheckFailed) {
        Chains old = chains;
        Chains next = new Chains(newConfig, factories, defaultFactory);
        if (healthCheckFailed && newConfig.drainType() != Listener.DrainType.MODIFY_ONLY) {
            for (NetworkFilterFactory f : next.all()) {
                f.setHealthCheckFailed(true);
            }
        }
        // Every chain established connections still use, with its key: the current chains and those that carried
        // over from earlier reloads (their connections must follow this reload's routes too).
        Map<NetworkFilterFactory, String> inUse = new IdentityHashMap<>();
        old.byKey.forEach((key, f) -> inUse.put(f, key));
        Map<NetworkFilterFactory, String> previous = carried;
        for (Channel ch : connections) {
            NetworkFilterFactory f = ch.attr(FACTORY).get();
            if (f != null && !inUse.containsKey(f) && previous.containsKey(f)) {
                inUse.put(f, previous.get(f));
            }
        }
        Set<NetworkFilterFactory> retired = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<NetworkFilterFactory, String> carriedNow = new IdentityHashMap<>();
        inUse.forEach((f, key) -> {
            NetworkFilterFactory counterpart = next.byKey.get(key);
            if (counterpart == null || !f.carryOver(counterpart)) {
                retired.add(f);
            } else {
                carriedNow.put(f, key);
            }
        });
        carried = carriedNow;
        config = newConfig;
        chains = next;
        for (NetworkFilterFactory f : retired) {
            f.startDraining();
        }
        drainConnections(retired::contains, false);
    }

    /** Binds; throws {@link ListenerBindException} naming the listener and address. */
    void bind() {
        ServerBootstrap b = new ServerBootstrap().group(workers.group())
                .option(ChannelOption.SO_BACKLOG, config.tcpBacklogSize() != null ? config.tcpBacklogSize() : 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accept(ch);
                    }
                });
        workers.transport().listenOn(b, config.address().host(), config.ipv4Compat());
        Integer limit = config.perConnectionBufferLimitBytes();
        if (limit != null && limit > 0) {
            b.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(Math.max(1, limit / 2), limit));
        }
        ChannelFuture f = b.bind(config.address().host(), config.address().port()).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new ListenerBindException("listener '" + config.name() + "': " + config.address() + " "
                    + reason(f.cause()), f.cause());
        }
        serverChannel = f.channel();
    }

    static String reason(Throwable t) {
        String m = String.valueOf(t == null ? null : t.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("already in use")) {
            return "already in use";
        } else if (m.contains("permission denied") || m.contains("access denied")) {
            return "permission denied";
        } else if (m.contains("assign requested address") || m.contains("not available")) {
            return "cannot assign the address (not a local address)";
        } else if (t instanceof java.net.UnknownHostException || m.contains("unresolved")) {
            return "is not a valid IP address";
        }
        return "cannot bind: " + (t == null ? "unknown error" : t.getMessage());
    }

    private void accept(Channel ch) {
        // Over a limit the connection is closed before any byte is read, as Envoy's listener does.
        if (listenerMax > 0 && connections.size() >= listenerMax) {
            cxOverflow.inc();
            ch.close();
            return;
        }
        if (global != null) {
            if (!global.tryAcquire()) {
                globalCxOverflow.inc();
                ch.close();
                return;
            }
            ch.closeFuture().addListener(x -> global.release());
        }
        InetSocketAddress local = (InetSocketAddress) ch.localAddress();
        InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
        Chains current = chains;
        if (current.inspect) {
            track(ch);
            ch.pipeline().addLast("tls_inspector", new TlsInspector(config.listenerFiltersTimeout().toMillis(),
                    (ctx, hello) -> {
                        NetworkFilterFactory f = select(chains, local, remote, hello);
                        if (f == null) {
                            noFilterChainMatch.inc();
                            ch.close();
                        } else {
                            ch.attr(FACTORY).set(f);
                            f.install(ch, workers.indexOf(ch.eventLoop()));
                        }
                    }, preCxTimeout::inc));
            return;
        }
        NetworkFilterFactory f = select(current, local, remote, ClientHello.RAW);
        if (f == null) {
            noFilterChainMatch.inc();
            ch.close();
            return;
        }
        track(ch);
        ch.attr(FACTORY).set(f);
        f.install(ch, workers.indexOf(ch.eventLoop()));
    }

    private static NetworkFilterFactory select(Chains c, InetSocketAddress local, InetSocketAddress remote,
                                               ClientHello hello) {
        NetworkFilterFactory f = c.candidates.isEmpty() ? null : FilterChainMatcher.select(c.candidates, local, remote,
                hello.serverName(), hello.transport(), hello.alpn());
        return f != null ? f : c.defaultChain;
    }

    private void track(Channel ch) {
        cxTotal.inc();
        cxActive.inc();
        long start = System.nanoTime();
        connections.add(ch);
        ch.closeFuture().addListener(x -> {
            cxActive.dec();
            cxDestroy.inc();
            cxLengthMs.record(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        });
    }

    /** The bound address (the actual port for port 0), or null when not bound. */
    public InetSocketAddress boundAddress() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting new connections. */
    void stopAccepting() {
        Channel c = serverChannel;
        if (c != null) {
            c.close().awaitUninterruptibly();
        }
    }

    /** Health-check failure makes responses close their connections, except on MODIFY_ONLY listeners (as Envoy). */
    void setHealthCheckFailed(boolean failed) {
        if (config.drainType() == Listener.DrainType.MODIFY_ONLY) {
            return;
        }
        for (NetworkFilterFactory f : factoriesInUse()) {
            f.setHealthCheckFailed(failed);
        }
    }

    /** The current chains' factories plus those older ones established connections still use. */
    private Set<NetworkFilterFactory> factoriesInUse() {
        Set<NetworkFilterFactory> all = Collections.newSetFromMap(new IdentityHashMap<>());
        all.addAll(chains.all());
        for (Channel ch : connections) {
            NetworkFilterFactory f = ch.attr(FACTORY).get();
            if (f != null) {
                all.add(f);
            }
        }
        return all;
    }

    /** Asks every connection to drain (on its own loop). */
    void drain() {
        for (NetworkFilterFactory f : factoriesInUse()) {
            f.startDraining();
        }
        drainConnections(f -> true, true);
    }

    /**
     * Drains the connections whose chain {@code which} selects; {@code closeUnassigned}: also close those still
     * in listener filters (no chain yet), which otherwise pick a current chain when their inspection ends.
     */
    private void drainConnections(Predicate<NetworkFilterFactory> which, boolean closeUnassigned) {
        for (Channel ch : new ArrayList<>(connections)) {
            NetworkFilterFactory f = ch.attr(FACTORY).get();
            if (f == null) {
                if (closeUnassigned) {
                    ch.close();
                }
                continue;
            }
            if (!which.test(f)) {
                continue;
            }
            try {
                ch.eventLoop().execute(() -> f.drain(ch));
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                ch.close();
            }
        }
    }

    /** The longest drain window of this listener's chains, in ms. */
    long drainTimeoutMillis() {
        long max = 0;
        for (NetworkFilterFactory f : factoriesInUse()) {
            max = Math.max(max, f.drainTimeoutMillis());
        }
        return max;
    }

    /** Open downstream connections. */
    int openConnections() {
        return connections.size();
    }

    /** Closes every remaining connection. */
    void closeAll() {
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
