package io.proxyctl.http;

import io.proxyctl.stats.Counter;
import io.proxyctl.stats.Gauge;
import io.proxyctl.stats.Histogram;
import io.proxyctl.stats.ResponseCodeStats;
import io.proxyctl.stats.StatsStore;

/**
 * The stats of one HTTP connection manager on one listener: {@code http.<stat_prefix>.*} plus the per-listener
 * {@code listener.<addr>.http.<stat_prefix>.*} response classes, resolved when the listener is built.
 */
public final class HcmStats {
    final Counter cxTotal;
    final Gauge cxActive;
    final Counter cxHttp1Total;
    final Counter cxHttp2Total;
    final Gauge cxHttp2Active;
    final Counter cxDestroy;
    final Counter cxDestroyLocal;
    final Counter cxDestroyRemote;
    final Counter cxDestroyActiveRq;
    final Counter cxDestroyLocalActiveRq;
    final Counter cxDestroyRemoteActiveRq;
    final Histogram cxLengthMs;
    final Counter cxProtocolError;
    final Counter cxIdleTimeout;
    final Counter cxDrainClose;
    final Counter cxUpgradesTotal;
    final Gauge cxUpgradesActive;
    final Counter rqTotal;
    final Counter rqHttp1Total;
    final Counter rqHttp2Total;
    final Gauge rqActive;
    final Counter rqCompleted;
    final Counter rqTimeout;
    final Counter rqIdleTimeout;
    final Counter rqHeaderTimeout;
    final Counter rqMaxDurationReached;
    final Counter rqRxReset;
    final Counter rqTxReset;
    final Counter rqWsOnNonWsRoute;
    final Counter rqResponseBeforeRqComplete;
    final Histogram rqTime;
    final ResponseCodeStats rq;
    final Counter noRoute;
    final Counter noCluster;
    final Counter rqRedirect;
    final Counter rqDirectResponse;
    final Counter routerRqTotal;
    final ResponseCodeStats listenerRq;
    final Counter listenerRqCompleted;

    HcmStats(StatsStore s, String statPrefix, String listenerStatRoot) {
        String p = "http." + statPrefix + ".";
        cxTotal = s.counter(p + "downstream_cx_total");
        cxActive = s.gauge(p + "downstream_cx_active");
        cxHttp1Total = s.counter(p + "downstream_cx_http1_total");
        cxHttp2Total = s.counter(p + "downstream_cx_http2_total");
        cxHttp2Active = s.gauge(p + "downstream_cx_http2_active");
        cxDestroy = s.counter(p + "downstream_cx_destroy");
        cxDestroyLocal = s.counter(p + "downstream_cx_destroy_local");
        cxDestroyRemote = s.counter(p + "downstream_cx_destroy_remote");
        cxDestroyActiveRq = s.counter(p + "downstream_cx_destroy_active_rq");
        cxDestroyLocalActiveRq = s.counter(p + "downstream_cx_destroy_local_active_rq");
        cxDestroyRemoteActiveRq = s.counter(p + "downstream_cx_destroy_remote_active_rq");
        cxLengthMs = s.histogram(p + "downstream_cx_length_ms");
        // Protocols this connection manager does not serve (HTTP/3) or does not count yet (ssl): Envoy keeps these at zero too when they are unused.

        s.counter(p + "downstream_cx_http3_total");
        s.counter(p + "downstream_cx_ssl_total");

        s.counter(p + "downstream_rq_http3_total");
        cxProtocolError = s.counter(p + "downstream_cx_protocol_error");
        cxIdleTimeout = s.counter(p + "downstream_cx_idle_timeout");
        cxDrainClose = s.counter(p + "downstream_cx_drain_close");
        cxUpgradesTotal = s.counter(p + "downstream_cx_upgrades_total");
        cxUpgradesActive = s.gauge(p + "downstream_cx_upgrades_active");
        rqTotal = s.counter(p + "downstream_rq_total");
        rqHttp1Total = s.counter(p + "downstream_rq_http1_total");
        rqHttp2Total = s.counter(p + "downstream_rq_http2_total");
        rqActive = s.gauge(p + "downstream_rq_active");
        rqCompleted = s.counter(p + "downstream_rq_completed");
        rqTimeout = s.counter(p + "downstream_rq_timeout");
        rqIdleTimeout = s.counter(p + "downstream_rq_idle_timeout");
        rqHeaderTimeout = s.counter(p + "downstream_rq_header_timeout");
        rqMaxDurationReached = s.counter(p + "downstream_rq_max_duration_reached");
        rqRxReset = s.counter(p + "downstream_rq_rx_reset");
        rqTxReset = s.counter(p + "downstream_rq_tx_reset");
        rqWsOnNonWsRoute = s.counter(p + "downstream_rq_ws_on_non_ws_route");
        rqResponseBeforeRqComplete = s.counter(p + "downstream_rq_response_before_rq_complete");
        rqTime = s.histogram(p + "downstream_rq_time");
        rq = new ResponseCodeStats(s, p + "downstream_rq_", false);
        noRoute = s.counter(p + "no_route");
        noCluster = s.counter(p + "no_cluster");
        rqRedirect = s.counter(p + "rq_redirect");
        rqDirectResponse = s.counter(p + "rq_direct_response");
        routerRqTotal = s.counter(p + "rq_total");
        String lp = listenerStatRoot + ".http." + statPrefix + ".";
        listenerRq = new ResponseCodeStats(s, lp + "downstream_rq_", false);
        listenerRqCompleted = s.counter(lp + "downstream_rq_completed");
    }
}
