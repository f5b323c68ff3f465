package io.proxyctl.cli.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns successive stats samples into the rows of the live view: rates per second for counters, the change per
 * second of gauges, P50/P99 of histograms over Envoy's last flush interval; most active first. Not thread-safe:
 * one sampler feeds it.
 */
final class WatchModel {
    /** Kinds shown in the KIND column. */
    enum Kind { counter, gauge, histogram, text }

    /**
     * One row.
     *
     * @param rate     per second since the previous sample (counters: increase, gauges: signed change); null on the first
     * @param activity sort key: |rate|, a small positive value for histograms with samples in the last interval
     */
    record Row(String name, Kind kind, String value, Double rate, Double p50, Double p99, double activity) {
    }

    private static final Comparator<Row> ORDER = Comparator.comparingDouble((Row r) -> -r.activity())
            .thenComparing(Row::name);

    private final Predicate<String> isGauge;
    private Map<String, Long> previous = Map.of();
    private long previousNanos;
    private int samples;

    WatchModel(Predicate<String> isGauge) {
        this.isGauge = isGauge;
    }

    int samples() {
        return samples;
    }

    /** Adds a sample taken at {@code nanos} (System.nanoTime) and returns the rows, sorted by activity. */
    List<Row> update(List<Stat> stats, long nanos) {
        double seconds = samples == 0 ? 0 : (nanos - previousNanos) / 1e9;
        Map<String, Long> current = new HashMap<>();
        List<Row> rows = new ArrayList<>(stats.size());
        for (Stat s : stats) {
            if (s instanceof Stat.Scalar c) {
                current.put(c.name(), c.value());
                boolean gauge = isGauge.test(c.name());
                Long before = previous.get(c.name());
                Double rate = null;
                if (before != null && seconds > 0) {
                    long delta = c.value() - before;
                    // a counter that went down was reset (reset_counters): count what it did since
                    rate = (gauge ? delta : (delta < 0 ? c.value() : delta)) / seconds;
                }
                rows.add(new Row(c.name(), gauge ? Kind.gauge : Kind.counter, Long.toString(c.value()), rate, null, null,
                        rate == null ? 0 : Math.abs(rate)));
            } else if (s instanceof Stat.Histogram h) {
                Double p50 = StatsFormat.interval(h, 50);
                Double p99 = StatsFormat.interval(h, 99);
                String value = h.recorded() ? "P50=" + StatsFormat.number(StatsFormat.cumulative(h, 50))
                        + " P99=" + StatsFormat.number(StatsFormat.cumulative(h, 99)) : "-";
                rows.add(new Row(h.name(), Kind.histogram, value, null, p50, p99, p50 != null ? 1e-9 : 0));
            } else {
                Stat.Text t = (Stat.Text) s;
                rows.add(new Row(t.name(), Kind.text, "\"" + t.value() + "\"", null, null, null, 0));
            }
        }
        rows.sort(ORDER);
        previous = current;
        previousNanos = nanos;
        samples++;
        return rows;
    }

    /** Formats a rate for the RATE/s column: "-" before the second sample, "+" on rising gauges. */
    static String rate(Row r) {
        if (r.rate() == null) {
            return "-";
        }
        String n = StatsFormat.number(r.rate());
        return r.kind() == Kind.gauge && r.rate() > 0 ? "+" + n : n;
    }
}
