package io.proxyctl.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Owns every stat of a server. Registration ({@link #counter}, {@link #gauge}, {@link #histogram},
 * {@link #textReadout}) does a map lookup and is meant for config time; the data path keeps the returned
 * references and updates them directly. Registering an existing name returns the same object, so two owners of
 * one name share it.
 */
public final class StatsStore implements StatsView {
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Gauge> gauges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Histogram> histograms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TextReadout> textReadouts = new ConcurrentHashMap<>();

    public Counter counter(String name) {
        return counters.computeIfAbsent(name, Counter::new);
    }

    public Gauge gauge(String name) {
        return gauges.computeIfAbsent(name, Gauge::new);
    }

    /** A gauge whose value is {@code supplier}'s, read whenever the stats are read (never on the data path). */
    public Gauge gauge(String name, LongSupplier supplier) {
        Gauge g = gauge(name);
        g.compute(supplier);
        return g;
    }

    public Histogram histogram(String name) {
        return histograms.computeIfAbsent(name, Histogram::new);
    }

    public TextReadout textReadout(String name) {
        return textReadouts.computeIfAbsent(name, TextReadout::new);
    }

    @Override
    public StatsSnapshot snapshot() {
        List<StatsSnapshot.Value> c = new ArrayList<>(counters.size());
        counters.forEach((k, v) -> c.add(new StatsSnapshot.Value(k, v.value(), v.used())));
        List<StatsSnapshot.Value> g = new ArrayList<>(gauges.size());
        gauges.forEach((k, v) -> g.add(new StatsSnapshot.Value(k, v.value(), v.used())));
        List<StatsSnapshot.Text> t = new ArrayList<>(textReadouts.size());
        textReadouts.forEach((k, v) -> t.add(new StatsSnapshot.Text(k, v.value(), v.used())));
        List<HistogramSnapshot> h = new ArrayList<>(histograms.size());
        histograms.forEach((k, v) -> h.add(v.snapshot()));
        c.sort(Comparator.comparing(StatsSnapshot.Value::name));
        g.sort(Comparator.comparing(StatsSnapshot.Value::name));
        t.sort(Comparator.comparing(StatsSnapshot.Text::name));
        h.sort(Comparator.comparing(HistogramSnapshot::name));
        return new StatsSnapshot(c, g, t, h);
    }

    @Override
    public long value(String name) {
        Counter c = counters.get(name);
        if (c != null) {
            return c.value();
        }
        Gauge g = gauges.get(name);
        return g != null ? g.value() : -1;
    }

    @Override
    public HistogramSnapshot histogramSnapshot(String name) {
        Histogram h = histograms.get(name);
        return h == null ? null : h.snapshot();
    }

    @Override
    public void resetCounters() {
        counters.values().forEach(Counter::reset);
    }

    /** Closes the current histogram interval of every histogram (Envoy's stats flush). */
    public void flushHistograms() {
        histograms.values().forEach(Histogram::flush);
    }
}
