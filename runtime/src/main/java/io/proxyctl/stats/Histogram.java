package io.proxyctl.stats;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-bucket histogram with Envoy's default bucket bounds (values in milliseconds for timings).
 * {@link #record(long)} is a bucket search, two adder increments and two min/max accumulations that write only
 * when the extreme changes. {@link #flush()} closes an interval: Envoy's "interval" statistics are those of the
 * last closed interval. The "cumulative" ones cover every sample recorded so far (Envoy's stop at the last
 * flush), so a sample shows up in the admin output at once rather than after {@code stats_flush_interval}.
 */
public final class Histogram {
    /** Envoy's default histogram bucket upper bounds. */
    public static final double[] BOUNDS = {0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000,
            60000, 300000, 600000, 1800000, 3600000};
    /** Envoy's supported quantiles, as fractions. */
    public static final double[] QUANTILES = {0, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 1};

    private final String name;
    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder sum = new LongAdder();
    private final LongAccumulator min = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator max = new LongAccumulator(Math::max, Long.MIN_VALUE);
    // Interval bookkeeping, guarded by this (only flush() and snapshot() touch it).
    private final long[] flushedCounts = new long[BOUNDS.length + 1];
    private long flushedSum;
    private Distribution interval = Distribution.empty(BOUNDS.length + 1);

    Histogram(String name) {
        this.name = name;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public String name() {
        return name;
    }

    public void record(long value) {
        int i = 0;
        while (i < BOUNDS.length && value > BOUNDS[i]) {
            i++;
        }
        buckets[i].increment();
        sum.add(value);
        min.accumulate(value);
        max.accumulate(value);
    }

    /** Closes the current interval: what was recorded since the previous flush becomes the interval data. */
    public synchronized void flush() {
        long[] now = counts();
        long s = sum.sum();
        long[] delta = new long[now.length];
        for (int i = 0; i < now.length; i++) {
            delta[i] = Math.max(0, now[i] - flushedCounts[i]);
            flushedCounts[i] = now[i];
        }
        interval = Distribution.of(delta, s - flushedSum, Long.MAX_VALUE, Long.MIN_VALUE);
        flushedSum = s;
    }

    /** A consistent-enough copy of the cumulative and last-interval data. */
    public HistogramSnapshot snapshot() {
        Distribution last;
        synchronized (this) {
            last = interval;
        }
        Distribution all = Distribution.of(counts(), sum.sum(), min.get(), max.get());
        return new HistogramSnapshot(name, all, last);
    }

    private long[] counts() {
        long[] c = new long[buckets.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = buckets[i].sum();
        }
        return c;
    }
}
