package io.proxyctl.admin.stats;

import io.proxyctl.stats.Histogram;
import io.proxyctl.stats.HistogramSnapshot;
import io.proxyctl.stats.StatsSnapshot;
import io.proxyctl.stats.Tag;
import io.proxyctl.stats.TagExtractor;
import io.proxyctl.stats.TaggedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Envoy's Prometheus exposition (text format 0.0.4): counters, then gauges, then (with {@code text_readouts})
 * text readouts as gauges, then histograms. Each family is named {@code envoy_} plus the tag-extracted stat name
 * with {@code [^a-zA-Z0-9_]} replaced by {@code _}, has one {@code # TYPE} line, its samples sorted by stat name
 * and a blank line; every sample has braces, empty when untagged ({@code envoy_server_live{} 1}).
 */
public final class PrometheusRenderer {
    private final TagExtractor tags;

    public PrometheusRenderer(TagExtractor tags) {
        this.tags = tags;
    }

    public String render(StatsSnapshot s, StatsParams p) {
        StringBuilder sb = new StringBuilder(96 * (s.counters().size() + s.gauges().size()));
        numeric(sb, s.counters(), p, "counter");
        numeric(sb, s.gauges(), p, "gauge");
        if (p.textReadouts()) {
            Map<String, List<Entry<StatsSnapshot.Text>>> groups = new TreeMap<>();
            for (StatsSnapshot.Text t : s.textReadouts()) {
                if (p.shows(t.name(), t.used())) {
                    add(groups, t.name(), t);
                }
            }
            emit(sb, groups, "gauge", (e, out) -> {
                List<Tag> withValue = new ArrayList<>(e.tagged.tags());
                withValue.add(new Tag("text_value", e.stat.value()));
                out.append(e.family).append('{').append(labels(withValue)).append("} 1\n");
            });
        }
        Map<String, List<Entry<HistogramSnapshot>>> hist = new TreeMap<>();
        for (HistogramSnapshot h : s.histograms()) {
            if (p.shows(h.name(), h.used())) {
                add(hist, h.name(), h);
            }
        }
        boolean summary = p.buckets() == StatsParams.Buckets.SUMMARY;
        emit(sb, hist, summary ? "summary" : "histogram", summary ? PrometheusRenderer::summary
                : PrometheusRenderer::histogram);
        return sb.toString();
    }

    private record Entry<T>(String family, TaggedName tagged, T stat) {
    }

    private <T> void add(Map<String, List<Entry<T>>> groups, String name, T stat) {
        TaggedName t = tags.extract(name);
        String family = metricName(t.extractedName());
        groups.computeIfAbsent(family, k -> new ArrayList<>()).add(new Entry<>(family, t, stat));
    }

    private void numeric(StringBuilder sb, List<StatsSnapshot.Value> values, StatsParams p, String type) {
        Map<String, List<Entry<StatsSnapshot.Value>>> groups = new TreeMap<>();
        for (StatsSnapshot.Value v : values) {
            if (p.shows(v.name(), v.used())) {
                add(groups, v.name(), v);
            }
        }
        emit(sb, groups, type, (e, out) -> out.append(e.family).append('{').append(labels(e.tagged.tags()))
                .append("} ").append(e.stat.value()).append('\n'));
    }

    private static <T> void emit(StringBuilder sb, Map<String, List<Entry<T>>> groups, String type,
                                 BiConsumer<Entry<T>, StringBuilder> sample) {
        for (Map.Entry<String, List<Entry<T>>> g : groups.entrySet()) {
            sb.append("# TYPE ").append(g.getKey()).append(' ').append(type).append('\n');
            List<Entry<T>> entries = g.getValue();
            entries.sort((a, b) -> a.tagged.name().compareTo(b.tagged.name()));
            for (Entry<T> e : entries) {
                sample.accept(e, sb);
            }
            sb.append('\n');
        }
    }

    private static void histogram(Entry<HistogramSnapshot> e, StringBuilder sb) {
        String labels = labels(e.tagged.tags());
        String prefix = labels.isEmpty() ? "" : labels + ",";
        HistogramSnapshot h = e.stat;
        for (int i = 0; i < Histogram.BOUNDS.length; i++) {
            sb.append(e.family).append("_bucket{").append(prefix).append("le=\"")
                    .append(Numbers.precise(Histogram.BOUNDS[i])).append("\"} ").append(h.cumulative().cumulative(i))
                    .append('\n');
        }
        long count = h.cumulative().count();
        sb.append(e.family).append("_bucket{").append(prefix).append("le=\"+Inf\"} ").append(count).append('\n');
        sb.append(e.family).append("_sum{").append(labels).append("} ").append(h.cumulative().sum()).append('\n');
        sb.append(e.family).append("_count{").append(labels).append("} ").append(count).append('\n');
    }

    private static void summary(Entry<HistogramSnapshot> e, StringBuilder sb) {
        String labels = labels(e.tagged.tags());
        String prefix = labels.isEmpty() ? "" : labels + ",";
        HistogramSnapshot h = e.stat;
        for (double q : Histogram.QUANTILES) {
            sb.append(e.family).append('{').append(prefix).append("quantile=\"").append(Numbers.g(q)).append("\"} ")
                    .append(Numbers.shortest(h.quantile(q)).replace("nan", "NaN")).append('\n');
        }
        sb.append(e.family).append("_sum{").append(labels).append("} ").append(h.cumulative().sum()).append('\n');
        sb.append(e.family).append("_count{").append(labels).append("} ").append(h.cumulative().count()).append('\n');
    }

    /** {@code envoy_} plus the name with every character outside {@code [a-zA-Z0-9_]} replaced by {@code _}. */
    public static String metricName(String extracted) {
        return "envoy_" + sanitize(extracted);
    }

    static String sanitize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }

    /** {@code name="value"} pairs in extraction order, names sanitised, values escaped for the text format. */
    static String labels(List<Tag> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Tag t : tags) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(sanitize(t.name())).append("=\"");
            String v = t.value();
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '"' -> sb.append("\\\"");
                    case '\n' -> sb.append("\\n");
                    default -> sb.append(c);
                }
            }
            sb.append('"');
        }
        return sb.toString();
    }
}
