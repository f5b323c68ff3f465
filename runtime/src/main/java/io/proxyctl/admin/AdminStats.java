package io.proxyctl.admin;

import io.proxyctl.http.HcmConfig;
import io.proxyctl.stats.Counter;
import io.proxyctl.stats.Gauge;
import io.proxyctl.stats.Histogram;
import io.proxyctl.stats.StatsStore;

/**
 * The admin listener's own stats, as Envoy keeps them for its admin connection manager: {@code http.admin.*} and
 * {@code listener.admin.*}. The full connection-manager set is registered (as Envoy's admin has it); the admin
 * listener updates the connection and request stats it can observe.
 */
final class AdminStats {
    static final String PREFIX = "admin";

    final Counter cxTotal;
    final Gauge cxActive;
    final Counter cxHttp1Total;
    final Counter cxDestroy;
    final Counter cxDestroyLocal;
    final Counter cxDestroyRemote;
    final Histogram cxLengthMs;
    final Counter rqTotal;
    final Counter rqHttp1Total;
    final Gauge rqActive;
    final Counter rqCompleted;
    final Counter[] rqClass = new Counter[6];
    final Histogram rqTime;
    final Counter listenerCxTotal;
    final Gauge listenerCxActive;
    final Counter listenerCxDestroy;
    final Histogram listenerCxLengthMs;
    final Counter listenerRqCompleted;
    final Counter[] listenerRqClass = new Counter[6];

    AdminStats(StatsStore s) {
        String listener = "listener." + PREFIX;
        HcmConfig.stats(s, PREFIX, listener);
        String p = "http." + PREFIX + ".";
        cxTotal = s.counter(p + "downstream_cx_total");
        cxActive = s.gauge(p + "downstream_cx_active");
        cxHttp1Total = s.counter(p + "downstream_cx_http1_total");
        cxDestroy = s.counter(p + "downstream_cx_destroy");
        cxDestroyLocal = s.counter(p + "downstream_cx_destroy_local");
        cxDestroyRemote = s.counter(p + "downstream_cx_destroy_remote");
        cxLengthMs = s.histogram(p + "downstream_cx_length_ms");
        rqTotal = s.counter(p + "downstream_rq_total");
        rqHttp1Total = s.counter(p + "downstream_rq_http1_total");
        rqActive = s.gauge(p + "downstream_rq_active");
        rqCompleted = s.counter(p + "downstream_rq_completed");
        rqTime = s.histogram(p + "downstream_rq_time");
        String lp = listener + ".";
        listenerCxTotal = s.counter(lp + "downstream_cx_total");
        listenerCxActive = s.gauge(lp + "downstream_cx_active");
        listenerCxDestroy = s.counter(lp + "downstream_cx_destroy");
        listenerCxLengthMs = s.histogram(lp + "downstream_cx_length_ms");
        listenerRqCompleted = s.counter(lp + "http." + PREFIX + ".downstream_rq_completed");
        for (int i = 1; i <= 5; i++) {
            rqClass[i] = s.counter(p + "downstream_rq_" + i + "xx");
            listenerRqClass[i] = s.counter(lp + "http." + PREFIX + ".downstream_rq_" + i + "xx");
        }
    }

    void connectionOpened() {
        cxTotal.inc();
        cxHttp1Total.inc();
        cxActive.inc();
        listenerCxTotal.inc();
        listenerCxActive.inc();
    }

    void connectionClosed(boolean local, long lengthMillis) {
        cxActive.dec();
        cxDestroy.inc();
        (local ? cxDestroyLocal : cxDestroyRemote).inc();
        cxLengthMs.record(lengthMillis);
        listenerCxActive.dec();
        listenerCxDestroy.inc();
        listenerCxLengthMs.record(lengthMillis);
    }

    void requestStarted() {
        rqTotal.inc();
        rqHttp1Total.inc();
        rqActive.inc();
    }

    void requestCompleted(int status, long millis) {
        rqActive.dec();
        rqCompleted.inc();
        listenerRqCompleted.inc();
        int cls = status / 100;
        if (cls >= 1 && cls <= 5) {
            rqClass[cls].inc();
            listenerRqClass[cls].inc();
        }
        rqTime.record(millis);
    }
}
