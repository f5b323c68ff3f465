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
    public final Counter upstreamCxConnectFail;
    public final Counter upstreamCxConnectTimeout;
    public final Counter upstreamCxDestroy;
    public final Counter upstreamCxDestroyLocal;
    public final Counter upstreamCxDestroyRemote;
    public final Counter upstreamCxNoneHealthy;
    public final Counter upstreamCxOverflow;
    public final Counter upstreamCxIdleTimeout;
    public final Counter upstreamCxMaxRequests;
    public final Histogram upstreamCxConnectMs;
    public final Counter upstreamRqTotal;
    public final Gauge upstreamRqActive;
    public final Counter upstreamRqCompleted;
    public final Counter upstreamRqTimeout;
    public final Counter upstreamRqRxReset;
    public final Counter upstreamRqTxReset;
    public final Counter upstreamRqPendingOverflow;
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
    public final Counter membershipChange;
    public final Counter updateAttempt;
    public final Counter updateSuccess;
    public final Counter updateFailure;
    public final Counter lbHealthyPanic;

    ClusterStats(StatsStore s, String statName) {
        String p = "cluster." + statName + ".";
        upstreamCxTotal = s.counter(p + "upstream_cx_total");
        upstreamCxActive = s.gauge(p + "upstream_cx_active");
        upstreamCxHttp1Total = s.counter(p + "upstream_cx_http1_total");
        upstreamCxConnectFail = s.counter(p + "upstream_cx_connect_fail");
        upstreamCxConnectTimeout = s.counter(p + "upstream_cx_connect_timeout");
        upstreamCxDestroy = s.counter(p + "upstream_cx_destroy");
        upstreamCxDestroyLocal = s.counter(p + "upstream_cx_destroy_local");
        upstreamCxDestroyRemote = s.counter(p + "upstream_cx_destroy_remote");
        upstreamCxNoneHealthy = s.counter(p + "upstream_cx_none_healthy");
        upstreamCxOverflow = s.counter(p + "upstream_cx_overflow");
        upstreamCxIdleTimeout = s.counter(p + "upstream_cx_idle_timeout");
        upstreamCxMaxRequests = s.counter(p + "upstream_cx_max_requests");
        upstreamCxConnectMs = s.histogram(p + "upstream_cx_connect_ms");
        upstreamRqTotal = s.counter(p + "upstream_rq_total");
        upstreamRqActive = s.gauge(p + "upstream_rq_active");
        upstreamRqCompleted = s.counter(p + "upstream_rq_completed");
        upstreamRqTimeout = s.counter(p + "upstream_rq_timeout");
        upstreamRqRxReset = s.counter(p + "upstream_rq_rx_reset");
        upstreamRqTxReset = s.counter(p + "upstream_rq_tx_reset");
        upstreamRqPendingOverflow = s.counter(p + "upstream_rq_pending_overflow");
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
        membershipChange = s.counter(p + "membership_change");
        updateAttempt = s.counter(p + "update_attempt");
        updateSuccess = s.counter(p + "update_success");
        updateFailure = s.counter(p + "update_failure");
        lbHealthyPanic = s.counter(p + "lb_healthy_panic");
    }
}
