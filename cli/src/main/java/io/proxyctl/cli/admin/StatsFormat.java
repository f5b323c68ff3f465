package io.proxyctl.cli.admin;

import io.proxyctl.cli.render.TableRenderer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders stats: the NAME/VALUE table, Envoy's {@code /stats?format=json} document, and compact numbers. */
public final class StatsFormat {
    /** Envoy's default quantiles, used when a histogram came without any (text "No recorded values"). */
    static final List<Double> ENVOY_QUANTILES = List.of(0.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.5, 99.9, 100.0);

    private StatsFormat() {
    }

    /** NAME, VALUE; histograms summarised as {@code P50=.. P99=..} over their whole life. */
    public static String table(List<Stat> stats) {
        TableRenderer t = new TableRenderer("NAME", "VALUE");
        for (Stat s : stats) {
            t.row(s.name(), value(s));
        }
        return t.render();
    }

    static String value(Stat s) {
        if (s instanceof Stat.Scalar c) {
            return Long.toString(c.value());
        }
        if (s instanceof Stat.Text t) {
            return "\"" + t.value() + "\"";
        }
        Stat.Histogram h = (Stat.Histogram) s;
        if (!h.recorded()) {
            return "No recorded values";
        }
        return "P50=" + number(cumulative(h, 50)) + " P99=" + number(cumulative(h, 99));
    }

    static Double cumulative(Stat.Histogram h, double percent) {
        Stat.Quantile q = h.quantile(percent);
        return q == null ? null : q.cumulative();
    }

    static Double interval(Stat.Histogram h, double percent) {
        Stat.Quantile q = h.quantile(percent);
        return q == null ? null : q.interval();
    }

    /** Envoy's JSON shape: scalars and readouts in order, then one {@code histograms} element. */
    public static Map<String, Object> envoyJson(List<Stat> stats) {
        List<Object> list = new ArrayList<>();
        List<Object> computed = new ArrayList<>();
        List<Double> supported = null;
        for (Stat s : stats) {
            if (s instanceof Stat.Scalar c) {
                list.add(entry(c.name(), c.value()));
            } else if (s instanceof Stat.Text t) {
                list.add(entry(t.name(), t.value()));
            } else {
                Stat.Histogram h = (Stat.Histogram) s;
                List<Object> values = new ArrayList<>();
                if (h.quantiles().isEmpty()) {
                    for (int i = 0; i < ENVOY_QUANTILES.size(); i++) {
                        values.add(quantile(null, null));
                    }
                } else {
                    if (supported == null) {
                        supported = h.quantiles().stream().map(Stat.Quantile::percent).toList();
                    }
                    for (Stat.Quantile q : h.quantiles()) {
                        values.add(quantile(q.interval(), q.cumulative()));
                    }
                }
                Map<String, Object> cq = new LinkedHashMap<>();
                cq.put("name", h.name());
                cq.put("values", values);
                computed.add(cq);
            }
        }
        if (!computed.isEmpty()) {
            Map<String, Object> hist = new LinkedHashMap<>();
            hist.put("supported_quantiles", supported == null ? ENVOY_QUANTILES : supported);
            hist.put("computed_quantiles", computed);
            list.add(Map.of("histograms", hist));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("stats", list);
        return root;
    }

    private static Map<String, Object> entry(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("value", value);
        return m;
    }

    private static Map<String, Object> quantile(Double interval, Double cumulative) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("interval", interval);
        m.put("cumulative", cumulative);
        return m;
    }

    /** Compact number for tables: integers as such, otherwise up to 3 significant digits after the point. */
    public static String number(Double d) {
        if (d == null || d.isNaN()) {
            return "-";
        }
        double v = d;
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        String s = a >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : a >= 0.01 ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.3g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
