package io.proxyctl.stats;

import java.util.List;

/** A point-in-time copy of all stats, sorted by name. */
public record StatsSnapshot(List<Value> counters, List<Value> gauges, List<HistogramSnapshot> histograms) {
    public StatsSnapshot {
        counters = List.copyOf(counters);
        gauges = List.copyOf(gauges);
        histograms = List.copyOf(histograms);
    }

    /** A counter or gauge value. */
    public record Value(String name, long value) {
    }
}
