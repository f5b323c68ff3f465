package io.proxyctl.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-bucket histogram with Envoy's default bucket bounds (values in milliseconds for timings).
 * {@link #record(long)} is a bucket search plus three adder increments.
 */
public final class Histogram {
    /** Envoy's default histogram bucket upper bounds. */
    static final double[] BOUNDS = {0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000,
            300000, 600000, 1800000, 3600000};

    private final String name;
    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();

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
        count.increment();
        sum.add(value);
    }

    /** A consistent-enough copy of the current buckets. */
    public HistogramSnapshot snapshot() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return new HistogramSnapshot(name, BOUNDS.clone(), counts, count.sum(), sum.sum());
    }
}
