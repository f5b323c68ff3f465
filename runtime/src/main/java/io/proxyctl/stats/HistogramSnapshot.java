package io.proxyctl.stats;

/**
 * A histogram's state at one moment.
 *
 * @param name       the stat name
 * @param cumulative every sample since start
 * @param interval   the samples of the last closed flush interval
 */
public record HistogramSnapshot(String name, Distribution cumulative, Distribution interval) {
    /** Whether any sample was ever recorded (Envoy's "used"). */
    public boolean used() {
        return cumulative.count() > 0;
    }

    /** The number of samples since start. */
    public long sampleCount() {
        return cumulative.count();
    }

    /** The sum of the samples since start. */
    public long sampleSum() {
        return cumulative.sum();
    }

    /** The number of samples since start {@code <= Histogram.BOUNDS[i]}. */
    public long cumulative(int i) {
        return cumulative.cumulative(i);
    }

    /** A cumulative quantile, {@code q} in 0..1; NaN when empty. */
    public double quantile(double q) {
        return cumulative.quantile(q);
    }

    /** An interval quantile, bounded by the cumulative extremes (the interval's own are not tracked). */
    public double intervalQuantile(double q) {
        return interval.quantile(q, cumulative.min(), cumulative.max());
    }
}
