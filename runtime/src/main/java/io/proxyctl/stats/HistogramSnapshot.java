package io.proxyctl.stats;

/**
 * A histogram's state: per-bucket (disjoint) counts, with {@code counts[i]} the samples {@code <= bounds[i]} and
 * above the previous bound, and {@code counts[bounds.length]} the overflow bucket.
 */
public record HistogramSnapshot(String name, double[] bounds, long[] counts, long sampleCount, long sampleSum) {
    /** The cumulative count of samples {@code <= bounds[i]}. */
    public long cumulative(int i) {
        long c = 0;
        for (int j = 0; j <= i && j < counts.length; j++) {
            c += counts[j];
        }
        return c;
    }

    /**
     * An estimated quantile (0..1) by linear interpolation inside the bucket, or NaN when empty.
     */
    public double quantile(double q) {
        if (sampleCount == 0) {
            return Double.NaN;
        }
        double rank = q * sampleCount;
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (seen + counts[i] >= rank) {
                double lo = i == 0 ? 0 : bounds[i - 1];
                double hi = i < bounds.length ? bounds[i] : bounds[bounds.length - 1] * 2;
                double frac = (rank - seen) / counts[i];
                return lo + (hi - lo) * Math.max(0, Math.min(1, frac));
            }
            seen += counts[i];
        }
        return bounds[bounds.length - 1];
    }
}
