package io.proxyctl.admin.stats;

import io.proxyctl.common.Json;
import io.proxyctl.stats.Histogram;
import io.proxyctl.stats.HistogramSnapshot;
import io.proxyctl.stats.StatsSnapshot;

/**
 * Envoy's {@code /stats?format=json}, compact as Envoy streams it:
 * {@code {"stats":[{"name":..,"value":..}, ..., {"histograms":{"supported_quantiles":[0,25,...,100],
 * "computed_quantiles":[{"name":..,"values":[{"cumulative":..,"interval":..}, ...]}]}}]}}; with
 * {@code histogram_buckets} the histograms element is a list of {@code {"name":..,"buckets":[{"upper_bound":..,
 * "interval":..,"cumulative":..}]}}. Quantiles print as {@code %g}, and as null when there is no data.
 */
public final class StatsJsonRenderer {
    private StatsJsonRenderer() {
    }

    public static String render(StatsSnapshot s, StatsParams p) {
        StringBuilder sb = new StringBuilder(64 * (s.counters().size() + s.gauges().size()));
        sb.append("{\"stats\":[");
        boolean first = true;
        StatsParams.Type t = p.type();
        if (t == StatsParams.Type.ALL || t == StatsParams.Type.TEXT_READOUTS) {
            for (StatsSnapshot.Text r : s.textReadouts()) {
                if (p.shows(r.name(), r.used())) {
                    first = comma(sb, first);
                    sb.append("{\"name\":");
                    Json.quote(sb, r.name());
                    sb.append(",\"value\":");
                    Json.quote(sb, r.value());
                    sb.append('}');
                }
            }
        }
        if (t == StatsParams.Type.ALL || t == StatsParams.Type.COUNTERS || t == StatsParams.Type.GAUGES) {
            for (StatsSnapshot.Value v : StatsTextRenderer.numeric(s, t)) {
                if (p.shows(v.name(), v.used())) {
                    first = comma(sb, first);
                    sb.append("{\"name\":");
                    Json.quote(sb, v.name());
                    sb.append(",\"value\":").append(v.value()).append('}');
                }
            }
        }
        if (t == StatsParams.Type.ALL || t == StatsParams.Type.HISTOGRAMS) {
            boolean started = false;
            boolean firstHistogram = true;
            for (HistogramSnapshot h : s.histograms()) {
                if (!p.shows(h.name(), h.used())) {
                    continue;
                }
                if (!started) {
                    started = true;
                    comma(sb, first);
                    first = false;
                    startHistograms(sb, p.buckets());
                }
                firstHistogram = comma(sb, firstHistogram);
                if (p.buckets() == StatsParams.Buckets.NONE) {
                    quantiles(sb, h);
                } else {
                    buckets(sb, h, p.buckets() == StatsParams.Buckets.CUMULATIVE);
                }
            }
            if (started) {
                sb.append(p.buckets() == StatsParams.Buckets.NONE ? "]}}" : "]}");
            }
        }
        return sb.append("]}").toString();
    }

    private static boolean comma(StringBuilder sb, boolean first) {
        if (!first) {
            sb.append(',');
        }
        return false;
    }

    private static void startHistograms(StringBuilder sb, StatsParams.Buckets mode) {
        if (mode != StatsParams.Buckets.NONE) {
            sb.append("{\"histograms\":[");
            return;
        }
        sb.append("{\"histograms\":{\"supported_quantiles\":[");
        for (int i = 0; i < Histogram.QUANTILES.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(Numbers.g(Histogram.QUANTILES[i] * 100));
        }
        sb.append("],\"computed_quantiles\":[");
    }

    private static void quantiles(StringBuilder sb, HistogramSnapshot h) {
        sb.append("{\"name\":");
        Json.quote(sb, h.name());
        sb.append(",\"values\":[");
        for (int i = 0; i < Histogram.QUANTILES.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            double q = Histogram.QUANTILES[i];
            sb.append("{\"cumulative\":").append(number(h.quantile(q)))
                    .append(",\"interval\":").append(number(h.intervalQuantile(q))).append('}');
        }
        sb.append("]}");
    }

    private static void buckets(StringBuilder sb, HistogramSnapshot h, boolean cumulative) {
        sb.append("{\"name\":");
        Json.quote(sb, h.name());
        sb.append(",\"buckets\":[");
        for (int i = 0; i < Histogram.BOUNDS.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"upper_bound\":").append(Numbers.g(Histogram.BOUNDS[i]))
                    .append(",\"interval\":").append(StatsTextRenderer.bucket(h.interval(), i, cumulative))
                    .append(",\"cumulative\":").append(StatsTextRenderer.bucket(h.cumulative(), i, cumulative))
                    .append('}');
        }
        sb.append("]}");
    }

    private static String number(double d) {
        return Double.isNaN(d) ? "null" : Numbers.g(d);
    }
}
