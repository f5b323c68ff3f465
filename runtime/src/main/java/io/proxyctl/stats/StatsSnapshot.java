package io.proxyctl.stats;

import java.util.List;

/** A point-in-time copy of all stats, each list sorted by name. */
public record StatsSnapshot(List<Value> counters, List<Value> gauges, List<Text> textReadouts,
                            List<HistogramSnapshot> histograms) {
    public StatsSnapshot {
        counters = List.copyOf(counters);
        gauges = List.copyOf(gauges);
        textReadouts = List.copyOf(textReadouts);
        histograms = List.copyOf(histograms);
    }

    /** A counter or gauge value; {@code used} when it was ever written. */
    public record Value(String name, long value, boolean used) {
        public Value(String name, long value) {
            this(name, value, true);
        }
    }

    /** A text readout. */
    public record Text(String name, String value, boolean used) {
    }
}
