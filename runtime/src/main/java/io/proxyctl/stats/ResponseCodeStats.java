package io.proxyctl.stats;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Per-response-code counters under one prefix: {@code <prefix>2xx} (resolved up front) and optionally
 * {@code <prefix>200} (created on first use, then cached in an array indexed by code).
 */
public final class ResponseCodeStats {
    private final StatsStore store;
    private final String prefix;
    private final Counter[] classes = new Counter[6];
    private final AtomicReferenceArray<Counter> codes;

    /**
     * @param prefix   e.g. {@code cluster.web.upstream_rq_}
     * @param perCode  also count each exact code
     */
    public ResponseCodeStats(StatsStore store, String prefix, boolean perCode) {
        this.store = store;
        this.prefix = prefix;
        for (int i = 1; i <= 5; i++) {
            classes[i] = store.counter(prefix + i + "xx");
        }
        this.codes = perCode ? new AtomicReferenceArray<>(600) : null;
    }

    public void record(int code) {
        int cls = code / 100;
        if (cls >= 1 && cls <= 5) {
            classes[cls].inc();
        }
        if (codes != null && code >= 100 && code < 600) {
            Counter c = codes.get(code);
            if (c == null) {
                c = store.counter(prefix + code);
                codes.set(code, c);
            }
            c.inc();
        }
    }
}
