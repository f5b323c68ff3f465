package io.proxyctl.server;

import io.proxyctl.common.MemoryUsage;
import io.proxyctl.common.Versions;
import io.proxyctl.stats.Counter;
import io.proxyctl.stats.Gauge;
import io.proxyctl.stats.StatsStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server-wide stats: {@code server.*} (uptime, live, state, memory and connection gauges computed when read,
 * initialization time), {@code listener_manager.*} and the {@code cluster_manager.*} counters the cluster manager
 * does not keep, plus the periodic stats flush that closes histogram intervals every
 * {@code stats_flush_interval} (none with {@code stats_flush_on_admin}, where admin requests flush).
 */
final class ServerStats implements AutoCloseable {
    private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private final StatsStore stats;
    private final int workers;
    private final Counter listenerStopped;
    private final Gauge listenersDraining;
    private ScheduledExecutorService flusher;

    /**
     * @param uptimeMillis      time since start
     * @param state             Envoy's {@code server.state} value (0 LIVE, 1 DRAINING, 2 PRE_INITIALIZING, 3 INITIALIZING)
     * @param live              1 while live and passing health checks
     * @param connections       open downstream connections of every listener
     */
    ServerStats(StatsStore stats, int concurrency, LongSupplier uptimeMillis, IntSupplier state, IntSupplier live,
                IntSupplier connections) {
        this.stats = stats;
        this.workers = concurrency;
        stats.counter("server.reload_success");
        stats.counter("server.reload_failure");
        stats.gauge("server.uptime", () -> uptimeMillis.getAsLong() / 1000);
        stats.gauge("server.state", state::getAsInt);
        stats.gauge("server.live", live::getAsInt);
        stats.gauge("server.concurrency").set(concurrency);
        stats.gauge("server.total_connections", connections::getAsInt);
        stats.gauge("server.parent_connections").set(0);
        stats.gauge("server.memory_allocated", () -> MemoryUsage.now().allocated());
        stats.gauge("server.memory_heap_size", () -> MemoryUsage.now().heapSize());
        stats.gauge("server.memory_physical_size", () -> MemoryUsage.now().physicalBytes());
        stats.gauge("server.version").set(numericVersion(Versions.proxyctl()));
        stats.gauge("server.hot_restart_epoch").set(0);
        stats.counter("cluster_manager.cluster_modified");
        stats.counter("cluster_manager.cluster_removed");
        stats.counter("cluster_manager.cluster_updated");
        stats.gauge("cluster_manager.warming_clusters").set(0);
        listenerStopped = stats.counter("listener_manager.listener_stopped");
        listenersDraining = stats.gauge("listener_manager.total_listeners_draining");
        listenersDraining.set(0);
        stats.counter("listener_manager.listener_modified");
        stats.counter("listener_manager.listener_removed");
        stats.counter("listener_manager.listener_create_failure");
        stats.gauge("listener_manager.total_listeners_warming").set(0);
    }

    /** {@code server.version}: Envoy derives it from the build's git hash; proxyctl encodes x.y.z as xxyyzz. */
    static long numericVersion(String version) {
        Matcher m = SEMVER.matcher(version);
        if (!m.find()) {
            return 0;
        }
        return Long.parseLong(m.group(1)) * 10000 + Long.parseLong(m.group(2)) * 100
                + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
    }

    /** The listeners are bound: {@code listener_manager.*} and {@code server.initialization_time_ms}. */
    void started(int listeners, int workers, long initMillis) {
        stats.counter("listener_manager.listener_added").add(listeners);
        stats.counter("listener_manager.listener_create_success").add((long) listeners * workers);
        stats.gauge("listener_manager.total_listeners_active").set(listeners);
        stats.gauge("listener_manager.workers_started").set(1);
        stats.histogram("server.initialization_time_ms").record(initMillis);
    }

    /** A reload was applied ({@code success}) or rejected: the proxyctl-specific {@code server.reload_*} counters. */
    void reloaded(boolean success) {
        stats.counter(success ? "server.reload_success" : "server.reload_failure").inc();
    }

    /**
     * A reload changed listeners: Envoy's {@code listener_manager.*} counters ({@code listener_create_success}
     * counts once per worker, as Envoy creates each listener on every worker).
     *
     * @param created listeners that got new filter chains or a new socket
     * @param active  the listeners now accepting
     */
    void listenersChanged(int added, int modified, int removed, int created, int active) {
        stats.counter("listener_manager.listener_added").add(added);
        stats.counter("listener_manager.listener_modified").add(modified);
        stats.counter("listener_manager.listener_removed").add(removed);
        stats.counter("listener_manager.listener_create_success").add((long) created * workers);
        stats.gauge("listener_manager.total_listeners_active").set(active);
    }

    /** A reload's new listener could not be bound (the reload was rejected). */
    void listenerCreateFailed() {
        stats.counter("listener_manager.listener_create_failure").inc();
    }

    void listenersStopped(int n) {
        listenerStopped.add(n);
        stats.gauge("listener_manager.total_listeners_active").add(-n);
    }

    void listenersDraining(int n) {
        listenersDraining.add(n);
    }

    /** Starts the periodic flush unless admin requests flush ({@code stats_flush_on_admin}). */
    void startFlushing(long intervalMillis, boolean onAdmin) {
        if (onAdmin) {
            return;
        }
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "proxyctl-stats-flush");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, intervalMillis);
        flusher.scheduleAtFixedRate(stats::flushHistograms, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
    }
}
