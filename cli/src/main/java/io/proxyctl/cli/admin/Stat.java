package io.proxyctl.cli.admin;

import java.util.List;

/** One entry of an Envoy {@code /stats} reply: a counter or gauge, a text readout, or a histogram. */
public sealed interface Stat permits Stat.Scalar, Stat.Text, Stat.Histogram {
    String name();

    /** A counter or gauge; {@code /stats} does not say which. */
    record Scalar(String name, long value) implements Stat {
    }

    /** A text readout, e.g. {@code server.version} strings. */
    record Text(String name, String value) implements Stat {
    }

    /**
     * A histogram summary: Envoy's quantiles, each with the value over the last flush interval and overall.
     *
     * @param quantiles empty when the histogram never recorded a value
     */
    record Histogram(String name, List<Quantile> quantiles) implements Stat {
        public Histogram {
            quantiles = List.copyOf(quantiles);
        }

        /** True when some value was ever recorded. */
        public boolean recorded() {
            return quantiles.stream().anyMatch(q -> q.cumulative() != null);
        }

        /** The quantile (in percent: 50, 99) or null. */
        public Quantile quantile(double percent) {
            return quantiles.stream().filter(q -> q.percent() == percent).findFirst().orElse(null);
        }
    }

    /**
     * One quantile of a histogram.
     *
     * @param percent    0..100 (P50 is 50)
     * @param interval   the value over the last interval, null when the interval had no data
     * @param cumulative the value over the histogram's life, null when never written
     */
    record Quantile(double percent, Double interval, Double cumulative) {
    }
}
