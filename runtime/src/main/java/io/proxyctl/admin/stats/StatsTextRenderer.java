package io.proxyctl.admin.stats;

import io.proxyctl.stats.Distribution;
import io.proxyctl.stats.Histogram;
import io.proxyctl.stats.HistogramSnapshot;
import io.proxyctl.stats.StatsSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Envoy's text {@code /stats}: text readouts ({@code name: "value"}), then counters and gauges merged by name
 * ({@code name: 12}), then histograms ({@code name: P0(i,c) ... P100(i,c)}, {@code B0.5(i,c) ...} with
 * {@code histogram_buckets}, or {@code name: No recorded values}).
 */
public final class StatsTextRenderer {
    private StatsTextRenderer() {
    }

    public static String render(StatsSnapshot s, StatsParams p) {
        StringBuilder sb = new StringBuilder(64 * (s.counters().size() + s.gauges().size()));
        StatsParams.Type t = p.type();
        if (t == StatsParams.Type.ALL || t == StatsParams.Type.TEXT_READOUTS) {
            for (StatsSnapshot.Text r : s.textReadouts()) {
                if (p.shows(r.name(), r.used())) {
                    sb.append(r.name()).append(": \"").append(r.value()).append("\"\n");
                }
            }
        }
        if (t == StatsParams.Type.ALL || t == StatsParams.Type.COUNTERS || t == StatsParams.Type.GAUGES) {
            for (StatsSnapshot.Value v : numeric(s, t)) {
                if (p.shows(v.name(), v.used())) {
                    sb.append(v.name()).append(": ").append(v.value()).append('\n');
                }
            }
        }
        if (t == StatsParams.Type.ALL || t == StatsParams.Type.HISTOGRAMS) {
            for (HistogramSnapshot h : s.histograms()) {
                if (p.shows(h.name(), h.used())) {
                    sb.append(h.name()).append(": ");
                    appendHistogram(sb, h, p.buckets());
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** Counters and gauges of the requested type, merged and sorted by name. */
    static List<StatsSnapshot.Value> numeric(StatsSnapshot s, StatsParams.Type t) {
        List<StatsSnapshot.Value> all = new ArrayList<>(s.counters().size() + s.gauges().size());
        if (t != StatsParams.Type.GAUGES) {
            all.addAll(s.counters());
        }
        if (t != StatsParams.Type.COUNTERS) {
            all.addAll(s.gauges());
        }
        all.sort(Comparator.comparing(StatsSnapshot.Value::name));
        return all;
    }

    private static void appendHistogram(StringBuilder sb, HistogramSnapshot h, StatsParams.Buckets mode) {
        if (!h.used()) {
            sb.append("No recorded values");
            return;
        }
        if (mode == StatsParams.Buckets.CUMULATIVE || mode == StatsParams.Buckets.DISJOINT) {
            boolean cumulative = mode == StatsParams.Buckets.CUMULATIVE;
            for (int i = 0; i < Histogram.BOUNDS.length; i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append('B').append(Numbers.g(Histogram.BOUNDS[i])).append('(')
                        .append(bucket(h.interval(), i, cumulative)).append(',')
                        .append(bucket(h.cumulative(), i, cumulative)).append(')');
            }
            return;
        }
        double[] q = Histogram.QUANTILES;
        for (int i = 0; i < q.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append('P').append(Numbers.g(q[i] * 100)).append('(')
                    .append(Numbers.shortest(h.intervalQuantile(q[i]))).append(',')
                    .append(Numbers.shortest(h.quantile(q[i]))).append(')');
        }
    }

    static long bucket(Distribution d, int i, boolean cumulative) {
        return cumulative ? d.cumulative(i) : d.counts()[i];
    }
}
