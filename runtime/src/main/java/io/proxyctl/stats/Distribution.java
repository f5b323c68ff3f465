package io.proxyctl.stats;

/**
 * The samples of a histogram over some period, by {@link Histogram#BOUNDS} bucket: {@code counts[i]} holds the
 * samples {@code <= BOUNDS[i]} and above the previous bound, {@code counts[BOUNDS.length]} the rest.
 *
 * @param counts disjoint per-bucket counts
 * @param count  the number of samples
 * @param sum    the sum of the samples
 * @param min    the smallest sample, or {@code Long.MAX_VALUE} when unknown
 * @param max    the largest sample, or {@code Long.MIN_VALUE} when unknown
 */
public record Distribution(long[] counts, long count, long sum, long min, long max) {
    static Distribution empty(int buckets) {
        return new Distribution(new long[buckets], 0, 0, Long.MAX_VALUE, Long.MIN_VALUE);
    }

    static Distribution of(long[] counts, long sum, long min, long max) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return new Distribution(counts, n, sum, min, max);
    }

    /** The number of samples {@code <= BOUNDS[i]} (Prometheus' cumulative bucket). */
    public long cumulative(int i) {
        long c = 0;
        for (int j = 0; j <= i && j < counts.length; j++) {
            c += counts[j];
        }
        return c;
    }

    /**
     * An estimated quantile ({@code q} in 0..1), or NaN without samples: linear interpolation inside the bucket
     * holding the rank, with the bucket narrowed to the observed minimum and maximum when they are known (so a
     * histogram of identical samples reports that value at every quantile).
     *
     * @param floor the smallest value any sample can have (the cumulative minimum), or {@code Long.MAX_VALUE}
     * @param ceil  the largest value any sample can have (the cumulative maximum), or {@code Long.MIN_VALUE}
     */
    public double quantile(double q, long floor, long ceil) {
        if (count == 0) {
            return Double.NaN;
        }
        long lowest = Math.min(min, floor);
        long highest = Math.max(max, ceil);
        double rank = q * count;
        long seen = 0;
        int last = -1;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            last = i;
            if (seen + counts[i] >= rank) {
                return interpolate(i, Math.max(0, (rank - seen) / counts[i]), lowest, highest);
            }
            seen += counts[i];
        }
        return interpolate(last, 1, lowest, highest);
    }

    /** {@link #quantile(double, long, long)} bounded by this distribution's own minimum and maximum. */
    public double quantile(double q) {
        return quantile(q, min, max);
    }

    private static double interpolate(int bucket, double fraction, long lowest, long highest) {
        double[] b = Histogram.BOUNDS;
        double lo = bucket == 0 ? 0 : b[bucket - 1];
        double hi = bucket < b.length ? b[bucket] : Math.max(b[b.length - 1], highest);
        if (lowest != Long.MAX_VALUE && lowest > lo) {
            lo = Math.min(lowest, hi);
        }
        if (highest != Long.MIN_VALUE && highest < hi) {
            hi = Math.max(highest, lo);
        }
        return lo + (hi - lo) * Math.min(1, fraction);
    }
}
