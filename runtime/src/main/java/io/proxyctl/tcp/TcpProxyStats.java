package io.proxyctl.tcp;

import io.proxyctl.stats.Counter;
import io.proxyctl.stats.Gauge;
import io.proxyctl.stats.StatsStore;

/** The {@code tcp.<stat_prefix>.*} stats of one tcp_proxy filter, resolved once. */
final class TcpProxyStats {
    final Counter downstreamCxTotal;
    final Counter downstreamCxNoRoute;
    final Counter downstreamCxRxBytesTotal;
    final Counter downstreamCxTxBytesTotal;
    final Counter downstreamFlowControlPausedReadingTotal;
    final Counter downstreamFlowControlResumedReadingTotal;
    final Counter idleTimeout;
    final Counter upstreamFlushTotal;
    final Gauge upstreamFlushActive;
    final Counter upstreamCxConnectAttemptsExceeded;

    TcpProxyStats(StatsStore s, String statPrefix) {
        String p = "tcp." + statPrefix + ".";
        downstreamCxTotal = s.counter(p + "downstream_cx_total");
        downstreamCxNoRoute = s.counter(p + "downstream_cx_no_route");
        downstreamCxRxBytesTotal = s.counter(p + "downstream_cx_rx_bytes_total");
        downstreamCxTxBytesTotal = s.counter(p + "downstream_cx_tx_bytes_total");
        downstreamFlowControlPausedReadingTotal = s.counter(p + "downstream_flow_control_paused_reading_total");
        downstreamFlowControlResumedReadingTotal = s.counter(p + "downstream_flow_control_resumed_reading_total");
        idleTimeout = s.counter(p + "idle_timeout");
        upstreamFlushTotal = s.counter(p + "upstream_flush_total");
        upstreamFlushActive = s.gauge(p + "upstream_flush_active");
        upstreamCxConnectAttemptsExceeded = s.counter(p + "upstream_cx_connect_attempts_exceeded");
    }
}
