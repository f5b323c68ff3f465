package io.proxyctl.admin.stats;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.proxyctl.admin.AdminRequest;

/**
 * The parameters of {@code /stats} and {@code /stats/prometheus}, parsed and checked as Envoy's
 * {@code StatsParams}: the filter is an RE2 regex compiled once per request and matched anywhere in the name.
 *
 * @param usedOnly     {@code usedonly}: only stats written since start
 * @param filter       {@code filter}, or null
 * @param type         {@code type}
 * @param format       {@code format}
 * @param buckets      {@code histogram_buckets}
 * @param textReadouts {@code text_readouts} (Prometheus only)
 */
public record StatsParams(boolean usedOnly, Pattern filter, Type type, Format format, Buckets buckets,
                          boolean textReadouts) {
    /** {@code type=}: which kinds of stats to show. */
    public enum Type { ALL, COUNTERS, GAUGES, HISTOGRAMS, TEXT_READOUTS }

    /** {@code format=}. */
    public enum Format { TEXT, JSON, PROMETHEUS }

    /** {@code histogram_buckets=}: quantiles (none), or bucket counts. */
    public enum Buckets { NONE, CUMULATIVE, DISJOINT, SUMMARY }

    /** A parse result: the parameters, or Envoy's 400 message. */
    public record Parsed(StatsParams params, String error) {
    }

    /** Parses the request's parameters; {@code prometheus} selects the Prometheus endpoint's defaults. */
    public static Parsed parse(AdminRequest r, boolean prometheus) {
        Pattern filter = null;
        String f = r.param("filter");
        if (f != null) {
            try {
                filter = Pattern.compile(f);
            } catch (PatternSyntaxException e) {
                return new Parsed(null, "Invalid re2 regex");
            }
        }
        Buckets buckets = Buckets.NONE;
        String b = r.param("histogram_buckets");
        if (b != null) {
            buckets = switch (b) {
                case "cumulative" -> Buckets.CUMULATIVE;
                case "disjoint" -> prometheus ? null : Buckets.DISJOINT;
                case "summary" -> prometheus ? Buckets.SUMMARY : null;
                case "none" -> prometheus ? null : Buckets.NONE;
                default -> null;
            };
            if (buckets == null) {
                return new Parsed(null, prometheus ? "usage: /stats/prometheus?histogram_buckets=(cumulative|summary)\n"
                        : "usage: /stats?histogram_buckets=(cumulative|disjoint|none)\n");
            }
        }
        Type type = Type.ALL;
        String t = r.param("type");
        if (t != null) {
            type = switch (t) {
                case "All" -> Type.ALL;
                case "Counters" -> Type.COUNTERS;
                case "Gauges" -> Type.GAUGES;
                case "Histograms" -> Type.HISTOGRAMS;
                case "TextReadouts" -> Type.TEXT_READOUTS;
                default -> null;
            };
            if (type == null) {
                return new Parsed(null, "invalid &type= param");
            }
        }
        Format format = prometheus ? Format.PROMETHEUS : Format.TEXT;
        String fm = r.param("format");
        if (fm != null && !prometheus) {
            switch (fm) {
                case "text" -> format = Format.TEXT;
                case "json" -> format = Format.JSON;
                case "prometheus" -> format = Format.PROMETHEUS;
                case "html", "active-html" -> {
                    return new Parsed(null, "HTML output is not available in proxyctl; use text, json or prometheus");
                }
                default -> {
                    return new Parsed(null, "usage: /stats?format=(json|prometheus|text)\n\n");
                }
            }
        }
        return new Parsed(new StatsParams(r.has("usedonly"), filter, type, format, buckets, r.has("text_readouts")),
                null);
    }

    /** Whether a stat of this name and "used" state is shown. */
    public boolean shows(String name, boolean used) {
        return (!usedOnly || used) && (filter == null || filter.matcher(name).find());
    }
}
