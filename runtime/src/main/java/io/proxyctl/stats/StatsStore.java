package io.proxyctl.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owns every stat of a server. Registration ({@link #counter}, {@link #gauge}, {@link #histogram}) does a map
 * lookup and is meant for config time; the data path keeps the returned references and updates them directly.
 * Registering an existing name returns the same object, so two owners of one name share it.
 */
public final class StatsStore implements StatsView {
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Gauge> gauges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Histogram> histograms = new ConcurrentHashMap<>();

    public Counter counter(String name) {
        return counters.computeIfAbsent(name, Counter::new);
    }

    public Gauge gauge(String name) {
        return gauges.computeIfAbsent(name, Gauge::new);
    }

    public Histogram histogram(String name) {
        return histograms.computeIfAbsent(name, Histogram::new);
    }

    @Override
    public StatsSnapshot snapshot() {
        List<StatsSnapshot.Value> c = new ArrayList<>();
        counters.forEach((k, v) -> c.add(new StatsSnapshot.Value(k, v.value())));
        List<StatsSnapshot.Value> g = new ArrayList<>();
        gauges.forEach((k, v) -> g.add(new StatsSnapshot.Value(k, v.value())));
        List<HistogramSnapshot> h = new ArrayList<>();
        histograms.forEach((k, v) -> h.add(v.snapshot()));
        c.sort(Comparator.comparing(StatsSnapshot.Value::name));
        g.sort(Comparator.comparing(StatsSnapshot.Value::name));
        h.sort(Comparator.comparing(HistogramSnapshot::name));
        return new StatsSnapshot(c, g, h);
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
    public void resetCounters() {
        counters.values().forEach(Counter::reset);
    }
}
