package io.proxyctl.cli.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Envoy's {@code /stats} replies, text or JSON, into {@link Stat}s in reply order.
 *
 * <p>Text: {@code name: 12}, {@code name: "readout"}, {@code name: P0(nan,0) P25(1,1.5) ... P100(2,3)} and
 * {@code name: No recorded values}. JSON: {@code {"stats":[{"name":..,"value":..}, ..., {"histograms":
 * {"supported_quantiles":[..],"computed_quantiles":[{"name":..,"values":[{"interval":..,"cumulative":..}]}]}}]}}.
 */
public final class StatsParser {
    private static final Pattern QUANTILE = Pattern.compile("P([0-9.]+)\\(([^,()]+),([^,()]+)\\)");
    private static final Pattern BUCKET = Pattern.compile("B[0-9.e+]+\\([^)]*\\)");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    private StatsParser() {
    }

    /** Parses the text format; a line that is not {@code name: value} means the server is not an Envoy admin. */
    public static List<Stat> parseText(AdminReply reply) {
        reply.requireOk();
        if (reply.isHtml()) {
            throw reply.notAdmin("answered " + reply.describeBody());
        }
        List<Stat> out = new ArrayList<>();
        String[] lines = reply.body().split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            Stat s = parseLine(line);
            if (s == null) {
                throw reply.notAdmin("answered with text that is not Envoy stats (line " + (i + 1) + ": '"
                        + AdminReply.abbreviate(line) + "')");
            }
            out.add(s);
        }
        return out;
    }

    /** One {@code name: value} line, or null when the line is not in that format. */
    static Stat parseLine(String line) {
        int sep = line.indexOf(": ");
        if (sep <= 0 || line.substring(0, sep).contains(" ")) {
            return null;
        }
        String name = line.substring(0, sep);
        String value = line.substring(sep + 2).strip();
        if (INTEGER.matcher(value).matches()) {
            return new Stat.Scalar(name, parseLong(value));
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return new Stat.Text(name, value.substring(1, value.length() - 1));
        }
        if (value.equals("No recorded values")) {
            return new Stat.Histogram(name, List.of());
        }
        if (value.startsWith("P")) {
            Matcher m = QUANTILE.matcher(value);
            List<Stat.Quantile> qs = new ArrayList<>();
            int end = 0;
            while (m.find()) {
                if (!value.substring(end, m.start()).isBlank()) {
                    return null;
                }
                Double interval = quantileValue(m.group(2));
                Double cumulative = quantileValue(m.group(3));
                if (interval == null && !m.group(2).equals("nan") || cumulative == null && !m.group(3).equals("nan")) {
                    return null;
                }
                qs.add(new Stat.Quantile(Double.parseDouble(m.group(1)), interval, cumulative));
                end = m.end();
            }
            return qs.isEmpty() || !value.substring(end).isBlank() ? null : new Stat.Histogram(name, qs);
        }
        if (value.startsWith("B") && BUCKET.matcher(value).lookingAt()) {
            return new Stat.Histogram(name, List.of());
        }
        return null;
    }

    /** Parses the JSON format. */
    public static List<Stat> parseJson(AdminReply reply) {
        Map<String, Object> root = reply.jsonObject("stats");
        if (!(root.get("stats") instanceof List<?>)) {
            throw reply.notAdmin("answered JSON whose \"stats\" is not a list");
        }
        List<Stat> out = new ArrayList<>();
        for (Object o : Tree.list(root.get("stats"))) {
            Map<String, Object> e = Tree.map(o);
            if (e.containsKey("histograms")) {
                readHistograms(e.get("histograms"), out);
                continue;
            }
            String name = Tree.str(e.get("name"));
            Object v = e.get("value");
            if (name.isEmpty()) {
                throw reply.notAdmin("answered a \"stats\" entry without a name");
            }
            if (v instanceof String s) {
                out.add(new Stat.Text(name, s));
            } else {
                out.add(new Stat.Scalar(name, Tree.num(v, 0)));
            }
        }
        return out;
    }

    private static void readHistograms(Object h, List<Stat> out) {
        // Envoy writes one object; "detailed" bucket modes write a list of them. Both are read the same way.
        List<Object> blocks = h instanceof List<?> ? Tree.list(h) : List.of(h);
        for (Object block : blocks) {
            List<Object> supported = Tree.list(Tree.at(block, "supported_quantiles"));
            for (Object cq : Tree.list(Tree.at(block, "computed_quantiles"))) {
                List<Stat.Quantile> qs = new ArrayList<>();
                List<Object> values = Tree.list(Tree.at(cq, "values"));
                for (int i = 0; i < values.size() && i < supported.size(); i++) {
                    Double pct = Tree.dbl(supported.get(i));
                    qs.add(new Stat.Quantile(pct == null ? i : pct, Tree.dbl(Tree.at(values.get(i), "interval")),
                            Tree.dbl(Tree.at(values.get(i), "cumulative"))));
                }
                Stat.Histogram hist = new Stat.Histogram(Tree.str(Tree.at(cq, "name")), qs);
                out.add(hist.recorded() ? hist : new Stat.Histogram(hist.name(), List.of()));
            }
        }
    }

    private static Double quantileValue(String s) {
        if (s.equals("nan")) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.parseUnsignedLong(s);
        }
    }
}
