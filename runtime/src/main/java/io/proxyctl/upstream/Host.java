package io.proxyctl.upstream;

import io.proxyctl.config.model.LbEndpoint;
import io.proxyctl.config.model.Locality;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One upstream host of a cluster. Its address may change over time for LOGICAL_DNS clusters; pools of
 * connections to it are kept per event loop in {@link #pool(int)}.
 */
public final class Host {
    private final UpstreamCluster cluster;
    private final String hostname;
    private final int port;
    private final int weight;
    private final int priority;
    private final Locality locality;
    private final LbEndpoint.HealthStatus health;
    private final int healthCheckPort;
    private volatile InetSocketAddress address;
    private volatile String addressString;
    private volatile boolean failedActiveHc;
    private volatile boolean ejected;
    final OutlierMonitor outlier = new OutlierMonitor();
    private final HostPool[] pools;

    final AtomicInteger activeRequests = new AtomicInteger();
    /** Pool connections to this host, open or connecting, all loops and priorities (per-host connection limit). */
    final AtomicInteger poolConnections = new AtomicInteger();
    final LongAdder cxTotal = new LongAdder();
    final LongAdder cxActive = new LongAdder();
    final LongAdder cxConnectFail = new LongAdder();
    final LongAdder rqTotal = new LongAdder();
    final LongAdder rqSuccess = new LongAdder();
    final LongAdder rqError = new LongAdder();
    final LongAdder rqTimeout = new LongAdder();

    Host(UpstreamCluster cluster, InetSocketAddress address, String hostname, int weight, int priority,
         Locality locality, LbEndpoint.HealthStatus health, int healthCheckPort) {
        this.cluster = cluster;
        this.hostname = hostname;
        this.port = address.getPort();
        this.weight = Math.max(1, weight);
        this.priority = priority;
        this.locality = locality;
        this.health = health;
        this.healthCheckPort = healthCheckPort;
        this.pools = new HostPool[2 * cluster.workerCount()]; // default priority, then high
        // Envoy keeps a host out of rotation until its first active health check passes.
        this.failedActiveHc = !cluster.config().healthChecks().isEmpty();
        setAddress(address);
    }

    public UpstreamCluster cluster() {
        return cluster;
    }

    /** The address to connect to (resolved; for LOGICAL_DNS the latest resolution). */
    public InetSocketAddress address() {
        return address;
    }

    void setAddress(InetSocketAddress a) {
        this.address = a;
        String ip = a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress();
        this.addressString = ip.indexOf(':') >= 0 ? "[" + ip + "]:" + a.getPort() : ip + ":" + a.getPort();
    }

    /** {@code ip:port} as Envoy prints hosts ({@code %UPSTREAM_HOST%}, /clusters). */
    public String addressString() {
        return addressString;
    }

    /** The DNS name (DNS clusters) or the endpoint's {@code hostname}, or "". */
    public String hostname() {
        return hostname;
    }

    public int port() {
        return port;
    }

    public int weight() {
        return weight;
    }

    public int priority() {
        return priority;
    }

    public Locality locality() {
        return locality;
    }

    public LbEndpoint.HealthStatus health() {
        return health;
    }

    /** The endpoint's {@code health_check_config.port_value}, or 0 to check the endpoint's own port. */
    int healthCheckPort() {
        return healthCheckPort;
    }

    /** Whether the host takes traffic outside panic mode. */
    public boolean healthy() {
        return health.routable() && !failedActiveHc && !ejected;
    }

    /** Whether outlier detection has ejected the host (/clusters {@code /failed_outlier_check}). */
    public boolean ejected() {
        return ejected;
    }

    void setEjected(boolean ejected) {
        this.ejected = ejected;
    }

    /** Outlier detection input: an upstream answer, failed (counted as a 500) or not. */
    public void onOutlierResult(boolean failure) {
        onUpstreamResponseCode(failure ? 500 : 200);
    }

    /** Outlier detection input: this host answered a request with {@code code} (an external-origin result). */
    public void onUpstreamResponseCode(int code) {
        OutlierDetector d = cluster.outlierDetector();
        if (d != null) {
            d.putHttpCode(this, code);
        }
    }

    /**
     * Outlier detection input: a request to this host failed locally, by a connect failure or reset, or by a
     * {@code timeout}. Counted as a 503 / 504 gateway failure unless the cluster splits local-origin errors.
     */
    public void onLocalOriginFailure(boolean timeout) {
        OutlierDetector d = cluster.outlierDetector();
        if (d != null) {
            d.putLocalOrigin(this, timeout ? OutlierDetector.LocalOrigin.TIMEOUT
                    : OutlierDetector.LocalOrigin.CONNECT_FAILED);
        }
    }

    /** Outlier detection input: a request got a connection to this host (counted only when errors are split). */
    public void onLocalOriginSuccess() {
        OutlierDetector d = cluster.outlierDetector();
        if (d != null) {
            d.putLocalOrigin(this, OutlierDetector.LocalOrigin.SUCCESS);
        }
    }

    /** Outlier detection input: a TCP proxy connection to this host was established (Envoy's connect success final). */
    public void onConnectSuccessFinal() {
        OutlierDetector d = cluster.outlierDetector();
        if (d != null) {
            d.putLocalOrigin(this, OutlierDetector.LocalOrigin.SUCCESS_FINAL);
        }
    }

    /** The success rate outlier detection computed at its last interval, or -1 (/clusters {@code success_rate}). */
    public double successRate() {
        return outlier.successRate;
    }

    /** The local-origin success rate, or -1 (/clusters {@code local_origin_success_rate}). */
    public double localOriginSuccessRate() {
        return outlier.localOriginSuccessRate;
    }

    /** Whether active health checking has taken the host out of rotation (/clusters {@code /failed_active_hc}). */
    public boolean failedActiveHealthCheck() {
        return failedActiveHc;
    }

    void setFailedActiveHealthCheck(boolean failed) {
        this.failedActiveHc = failed;
    }

    /** Requests in flight to this host (all loops). */
    public int activeRequests() {
        return activeRequests.get();
    }

    /** A request to this host started (called by the HTTP stream). */
    public void onRequestStart() {
        rqTotal.increment();
        activeRequests.incrementAndGet();
    }

    /** A request that started on this host ended (its connection is free again). */
    public void onRequestDone() {
        activeRequests.decrementAndGet();
    }

    /**
     * A response code was charged to this host: {@code success} for a non-5xx response, false for a 5xx one
     * (received or given locally after a connect failure, reset or timeout).
     */
    public void onResponse(boolean success) {
        (success ? rqSuccess : rqError).increment();
    }

    /** A request to this host hit the route timeout. */
    public void onRequestTimeout() {
        rqTimeout.increment();
    }

    /** Per-host stats for the admin {@code /clusters} view, by Envoy name. */
    public long stat(String name) {
        return switch (name) {
            case "cx_active" -> cxActive.sum();
            case "cx_connect_fail" -> cxConnectFail.sum();
            case "cx_total" -> cxTotal.sum();
            case "rq_active" -> activeRequests.get();
            case "rq_error" -> rqError.sum();
            case "rq_success" -> rqSuccess.sum();
            case "rq_timeout" -> rqTimeout.sum();
            case "rq_total" -> rqTotal.sum();
            default -> 0;
        };
    }

    /** This host's default-priority pool on worker {@code loopIndex}; only call from that loop. */
    public HostPool pool(int loopIndex) {
        return pool(loopIndex, false);
    }

    /** This host's pool for routes at HIGH ({@code high}) or DEFAULT priority on worker {@code loopIndex}. */
    public HostPool pool(int loopIndex, boolean high) {
        int i = high ? pools.length / 2 + loopIndex : loopIndex;
        HostPool p = pools[i];
        if (p == null) {
            p = new HostPool(this, cluster.worker(loopIndex), cluster.breakers(high));
            pools[i] = p;
        }
        return p;
    }

    /** Closes idle pooled connections on every loop (host removed or server stopping). */
    void closeIdleConnections() {
        int workers = pools.length / 2;
        for (int i = 0; i < workers; i++) {
            int idx = i;
            try {
                cluster.worker(i).loop().execute(() -> {
                    for (HostPool p : new HostPool[] {pools[idx], pools[workers + idx]}) {
                        if (p != null) {
                            p.closeIdle();
                        }
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // the loops are shutting down and close every channel anyway
            }
        }
    }

    @Override
    public String toString() {
        return cluster.name() + "/" + addressString;
    }
}
