package io.proxyctl.admin;

import io.proxyctl.common.LogLevels;
import io.proxyctl.config.model.Bootstrap;
import io.proxyctl.config.model.Listener;
import io.proxyctl.stats.StatsStore;
import io.proxyctl.upstream.UpstreamCluster;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the admin endpoints read and control of a running server: its config, clusters, listeners, stats and
 * lifecycle. Implemented by the server; the admin package never sees the server itself.
 */
public interface AdminTarget {
    /** A bound listener. */
    record ListenerStatus(Listener config, InetSocketAddress bound) {
    }

    /** Envoy's server states ({@code server.state} values 0..3). */
    enum State { LIVE, DRAINING, PRE_INITIALIZING, INITIALIZING }

    StatsStore stats();

    /** Closes the current histogram interval (Envoy's stats flush), for {@code stats_flush_on_admin}. */
    default void flushStatsForAdmin() {
    }

    Collection<UpstreamCluster> clusters();

    List<ListenerStatus> listeners();

    Bootstrap bootstrap();

    /** The v3 document being served (upgraded when the file was v2), or null when the server was given none. */
    Map<String, Object> configTree();

    /** The configuration file's path as given to the server, or "" when unknown. */
    String configPath();

    /** When the configuration was loaded (the {@code last_updated} of every static resource). */
    Instant loadedAt();

    /** Event loops serving traffic ({@code --concurrency}). */
    int concurrency();

    long uptimeMillis();

    State state();

    boolean healthCheckFailed();

    /** {@code /healthcheck/fail} (true) and {@code /healthcheck/ok} (false). */
    void setHealthCheckFailed(boolean failed);

    /**
     * {@code /drain_listeners}: without {@code graceful} stop accepting at once; with it, signal connections to
     * close (HTTP/1.1 {@code Connection: close}) for the drain time, then stop accepting and, unless
     * {@code skipExit}, shut down. {@code inboundOnly} limits it to listeners with traffic_direction INBOUND.
     * Returns immediately.
     */
    void drainListeners(boolean graceful, boolean inboundOnly, boolean skipExit);

    /** {@code /quitquitquit}: shut down cleanly. Returns immediately. */
    void quit();

    LogLevels logLevels();

    /** The xDS state machine when dynamic_resources feed the server (dumps, init_dump), else null. */
    default io.proxyctl.xds.DynamicConfig dynamicConfig() {
        return null;
    }

    /** The bootstrap as loaded, with its dynamic_resources, when xDS feeds the server; else null. */
    default Map<String, Object> dynamicBootstrap() {
        return null;
    }
}
