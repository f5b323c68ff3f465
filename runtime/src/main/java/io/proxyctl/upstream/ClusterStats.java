package io.proxyctl.upstream;

import io.proxyctl.stats.Counter;
import io.proxyctl.stats.Gauge;
import io.proxyctl.stats.Histogram;
import io.proxyctl.stats.ResponseCodeStats;
import io.proxyctl.stats.StatsStore;

/** The {@code cluster.<name>.*} stats, resolved once when the cluster is created. */
public final class ClusterStats {
    public final Counter upstreamCxTotal;
    public final Gauge upstreamCxActive;
    public final Counter upstreamCxHttp1Total;
    public final Counter upstreamCxHttp2Total;
    public final Counter upstreamCxConnectFail;
    public final Counter upstreamCxConnectTimeout;
    public final Counter upstreamCxDestroy;
    public final Counter upstreamCxDestroyLocal;
    public final Counter upstreamCxDestroyRemote;
    public final Counter upstreamCxNoneHealthy;
    public final Counter upstreamCxOverflow;
    public final Counter upstreamCxIdleTimeout;
    public final Counter upstreamCxMaxRequests;
    public final Counter upstreamCxDestroyWithActiveRq;
    public final Counter upstreamCxDestroyLocalWithActiveRq;
    public final Counter upstreamCxDestroyRemoteWithActiveRq;
    public final Histogram upstreamCxLengthMs;
    public final Histogram upstreamCxConnectMs;
    public final Counter upstreamRqTotal;
    public final Gauge upstreamRqActive;
    public final Counter upstreamRqCompleted;
    public final Counter upstreamRqTimeout;
    public final Counter upstreamRqRxReset;
    public final Counter upstreamRqTxReset;
    public final Counter upstreamRqPendingOverflow;
    public final Counter upstreamRqPendingTotal;
    public final Gauge upstreamRqPendingActive;
    public final Counter upstreamRqCancelled;
    public final Counter upstreamRqPerTryTimeout;
    public final Counter upstreamRqRetry;
    public final Counter upstreamRqRetrySuccess;
    public final Counter upstreamRqRetryOverflow;
    public final Counter upstreamRqRetryLimitExceeded;
    public final Histogram upstreamRqTime;
    public final ResponseCodeStats upstreamRq;
    public final Gauge membershipTotal;
    public final Gauge membershipHealthy;
    public final Gauge membershipDegraded;
    public final Gauge membershipExcluded;
    public final Gauge maxHostWeight;
    public final Counter membershipChange;
    public final Counter updateAttempt;
    public final Counter updateSuccess;
    public final Counter updateFailure;
    public final Counter lbHealthyPanic;
    /** The {@code health_check.*} stats: null unless the cluster configures health checks (as Envoy). */
    public final Counter hcAttempt;
    public final Counter hcSuccess;
    public final Counter hcFailure;
    public final Counter hcNetworkFailure;
    public final Gauge hcHealthy;

    private final StatsStore store;
    private final String prefix;

    ClusterStats(StatsStore s, String statName, boolean healthChecked) {
        String p = "cluster." + statName + ".";
        this.store = s;
        this.prefix = p;
        upstreamCxTotal = s.counter(p + "upstream_cx_total");
        upstreamCxActive = s.gauge(p + "upstream_cx_active");
        upstreamCxHttp1Total = s.counter(p + "upstream_cx_http1_total");
        upstreamCxHttp2Total = s.counter(p + "upstream_cx_http2_total");
        upstreamCxConnectFail = s.counter(p + "upstream_cx_connect_fail");
        upstreamCxConnectTimeout = s.counter(p + "upstream_cx_connect_timeout");
        upstreamCxDestroy = s.counter(p + "upstream_cx_destroy");
        upstreamCxDestroyLocal = s.counter(p + "upstream_cx_destroy_local");
        upstreamCxDestroyRemote = s.counter(p + "upstream_cx_destroy_remote");
        upstreamCxNoneHealthy = s.counter(p + "upstream_cx_none_healthy");
        upstreamCxOverflow = s.counter(p + "upstream_cx_overflow");
        upstreamCxIdleTimeout = s.counter(p + "upstream_cx_idle_timeout");
        upstreamCxMaxRequests = s.counter(p + "upstream_cx_max_requests");
        upstreamCxDestroyWithActiveRq = s.counter(p + "upstream_cx_destroy_with_active_rq");
        upstreamCxDestroyLocalWithActiveRq = s.counter(p + "upstream_cx_destroy_local_with_active_rq");
        upstreamCxDestroyRemoteWithActiveRq = s.counter(p + "upstream_cx_destroy_remote_with_active_rq");
        upstreamCxLengthMs = s.histogram(p + "upstream_cx_length_ms");
        upstreamCxConnectMs = s.histogram(p + "upstream_cx_connect_ms");
        upstreamRqTotal = s.counter(p + "upstream_rq_total");
        upstreamRqActive = s.gauge(p + "upstream_rq_active");
        upstreamRqCompleted = s.counter(p + "upstream_rq_completed");
        upstreamRqTimeout = s.counter(p + "upstream_rq_timeout");
        upstreamRqRxReset = s.counter(p + "upstream_rq_rx_reset");
        upstreamRqTxReset = s.counter(p + "upstream_rq_tx_reset");
        upstreamRqPendingOverflow = s.counter(p + "upstream_rq_pending_overflow");
        upstreamRqPendingTotal = s.counter(p + "upstream_rq_pending_total");
        upstreamRqPendingActive = s.gauge(p + "upstream_rq_pending_active");
        upstreamRqCancelled = s.counter(p + "upstream_rq_cancelled");
        upstreamRqPerTryTimeout = s.counter(p + "upstream_rq_per_try_timeout");
        upstreamRqRetry = s.counter(p + "upstream_rq_retry");
        upstreamRqRetrySuccess = s.counter(p + "upstream_rq_retry_success");
        upstreamRqRetryOverflow = s.counter(p + "upstream_rq_retry_overflow");
        upstreamRqRetryLimitExceeded = s.counter(p + "upstream_rq_retry_limit_exceeded");
        upstreamRqTime = s.histogram(p + "upstream_rq_time");
        upstreamRq = new ResponseCodeStats(s, p + "upstream_rq_", true);
        membershipTotal = s.gauge(p + "membership_total");
        membershipHealthy = s.gauge(p + "membership_healthy");
        membershipDegraded = s.gauge(p + "membership_degraded");
        membershipExcluded = s.gauge(p + "membership_excluded");
        maxHostWeight = s.gauge(p + "max_host_weight");
        s.gauge(p + "version").set(0);
        // Features the data plane does not have (retries, HTTP/2 upstreams, connection limits): Envoy shows these
        // at zero for clusters that do not use them, and so do we.
        for (String zero : new String[] {"upstream_rq_retry", "upstream_rq_retry_success", "upstream_rq_retry_overflow",
            "upstream_rq_retry_limit_exceeded", "upstream_rq_per_try_timeout",
            "upstream_cx_overflow"}) {
            s.counter(p + zero);
        }
        membershipChange = s.counter(p + "membership_change");
        updateAttempt = s.counter(p + "update_attempt");
        updateSuccess = s.counter(p + "update_success");
        updateFailure = s.counter(p + "update_failure");
        lbHealthyPanic = s.counter(p + "lb_healthy_panic");
        if (healthChecked) {
            hcAttempt = s.counter(p + "health_check.attempt");
            hcSuccess = s.counter(p + "health_check.success");
            hcFailure = s.counter(p + "health_check.failure");
            hcNetworkFailure = s.counter(p + "health_check.network_failure");
            hcHealthy = s.gauge(p + "health_check.healthy");
            // Envoy's other health-checker stats: no passive health-check failures, cluster verification or
            // degraded checks exist here, so they stay at zero.
            s.counter(p + "health_check.passive_failure");
            s.counter(p + "health_check.verify_cluster");
            s.gauge(p + "health_check.degraded");
        } else {
            hcAttempt = null;
            hcSuccess = null;
            hcFailure = null;
            hcNetworkFailure = null;
            hcHealthy = null;
        }
    }

    /**
     * {@code circuit_breakers.<priority>.*_open}: 1 while a resource is at its limit, and with
     * {@code track_remaining} the {@code remaining_*} gauges. Computed when read from the values the data path
     * already keeps, so they cost nothing per request.
     */
    void circuitBreakers(String priority, CircuitBreakerState cb) {
        String d = prefix + "circuit_breakers." + priority + ".";
        store.gauge(d + "cx_open", () -> cb.connections().atLimit() ? 1 : 0);
        store.gauge(d + "cx_pool_open", () -> 0);
        store.gauge(d + "rq_pending_open", () -> cb.pending().atLimit() ? 1 : 0);
        store.gauge(d + "rq_open", () -> cb.requests().atLimit() ? 1 : 0);
        store.gauge(d + "rq_retry_open", () -> cb.retries().atLimit() ? 1 : 0);
        if (cb.limits().trackRemaining()) {
            store.gauge(d + "remaining_cx", () -> cb.connections().remaining());
            store.gauge(d + "remaining_pending", () -> cb.pending().remaining());
            store.gauge(d + "remaining_rq", () -> cb.requests().remaining());
            store.gauge(d + "remaining_retries", () -> cb.retries().remaining());
        }
    }
}
