package io.proxyctl.http;

import io.proxyctl.accesslog.AccessLogger;
import io.proxyctl.config.model.HttpConnectionManager;
import io.proxyctl.config.model.UpgradeConfig;
import io.proxyctl.router.RouteTable;
import io.proxyctl.transport.Workers;
import java.util.List;

/**
 * An HTTP connection manager compiled for one listener: the route table, stats, access loggers and the options
 * the data path reads, as plain fields.
 */
public final class HcmConfig {
    final HttpConnectionManager config;
    // Swapped by a config reload; the data path reads it once per request, so a stream routes on one table.
    volatile RouteTable routes;
    final HcmStats stats;
    final AccessLogger[] accessLoggers;
    final Workers workers;
    final boolean websocket;
    final String serverName;
    final HttpConnectionManager.ServerHeaderTransformation serverTransform;
    final long streamIdleTimeoutMillis;
    final long idleTimeoutMillis;
    final long drainTimeoutMillis;
    final long maxConnectionDurationMillis;
    final long maxStreamDurationMillis;
    final int maxRequestsPerConnection;
    final int maxHeadersCount;
    final long requestHeadersTimeoutMillis;
    final int listenerPort;
    final HttpConnectionManager.CodecType codecType;
    final io.proxyctl.config.model.Http2Options http2;
    private static final int DRAINING = 1;
    private static final int HEALTH_CHECK_FAILED = 2;
    // Reasons to close connections after their current response, read once per request: bit set, one volatile.
    private volatile int drainClose;

    /**
     * @param listenerPort the configured listener port (for {@code strip_matching_host_port})
     */
    public HcmConfig(HttpConnectionManager config, RouteTable routes, HcmStats stats, List<AccessLogger> accessLoggers,
                     Workers workers, int listenerPort) {
        this.config = config;
        this.routes = routes;
        this.stats = stats;
        this.accessLoggers = accessLoggers.toArray(new AccessLogger[0]);
        this.workers = workers;
        boolean ws = false;
        for (UpgradeConfig u : config.upgradeConfigs()) {
            if (u.upgradeType().equals("websocket")) {
                ws = u.enabled();
            }
        }
        this.websocket = ws;
        this.serverName = config.serverName();
        this.serverTransform = config.serverHeaderTransformation();
        this.streamIdleTimeoutMillis = config.timeouts().streamIdleTimeout().toMillis();
        this.idleTimeoutMillis = config.timeouts().idleTimeout().toMillis();
        this.drainTimeoutMillis = config.timeouts().drainTimeout().toMillis();
        this.maxConnectionDurationMillis = config.timeouts().maxConnectionDuration().toMillis();
        this.maxStreamDurationMillis = config.timeouts().maxStreamDuration().toMillis();
        this.maxRequestsPerConnection = config.timeouts().maxRequestsPerConnection();
        this.maxHeadersCount = config.maxHeadersCount() > 0 ? config.maxHeadersCount() : 100;
        this.requestHeadersTimeoutMillis = config.timeouts().requestHeadersTimeout().toMillis();
        this.listenerPort = listenerPort;
        this.codecType = config.codecType();
        this.http2 = config.http2();
    }

    /** Builds the stats for a connection manager on a listener. */
    public static HcmStats stats(io.proxyctl.stats.StatsStore store, String statPrefix, String listenerStatRoot) {
        return new HcmStats(store, statPrefix, listenerStatRoot);
    }

    public HttpConnectionManager config() {
        return config;
    }

    /** The route table new streams use. */
    public RouteTable routes() {
        return routes;
    }

    /** A reload replaced the routes: streams that start from now on use {@code table}. */
    public void swapRoutes(RouteTable table) {
        routes = table;
    }

    /** Starts draining: responses carry {@code connection: close} and idle connections are closed. */
    public synchronized void startDraining() {
        drainClose |= DRAINING;
    }

    /**
     * The server fails health checks ({@code /healthcheck/fail}): like Envoy's drain manager for listeners with
     * drain_type DEFAULT, every response closes its connection until health checks pass again.
     */
    public synchronized void setHealthCheckFailed(boolean failed) {
        drainClose = failed ? drainClose | HEALTH_CHECK_FAILED : drainClose & ~HEALTH_CHECK_FAILED;
    }

    boolean draining() {
        return drainClose != 0;
    }

    /** The drain window configured for this connection manager. */
    public long drainTimeoutMillis() {
        return drainTimeoutMillis;
    }
}
