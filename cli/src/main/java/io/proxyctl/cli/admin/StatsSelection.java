package io.proxyctl.cli.admin;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The client-side half of {@code --filter}, {@code --type} and {@code --used-only}. They are also sent to the
 * server (Envoy's {@code filter}, {@code type} and {@code usedonly}); applying them again here keeps the output
 * right when the server ignores a parameter it does not know.
 *
 * @param filter   partial-match regex on the name (Envoy's RE2 search), or null
 * @param type     kind to keep, or null for all
 * @param usedOnly drop histograms that never recorded a value (counters' "used" bit is only known to the server)
 */
public record StatsSelection(Pattern filter, StatType type, boolean usedOnly) {
    public static final StatsSelection ALL = new StatsSelection(null, null, false);

    /** The query parameters that ask the server for the same selection. */
    public Query query(Query q) {
        return q.add("filter", filter == null ? null : filter.pattern())
                .add("type", type == null ? null : type.envoyName())
                .flag("usedonly", usedOnly);
    }

    public boolean keep(Stat s) {
        if (filter != null && !filter.matcher(s.name()).find()) {
            return false;
        }
        if (type != null) {
            boolean histogram = s instanceof Stat.Histogram;
            if ((type == StatType.histograms) != histogram || s instanceof Stat.Text) {
                return false;
            }
        }
        return !(usedOnly && s instanceof Stat.Histogram h && !h.recorded());
    }

    public List<Stat> apply(List<Stat> stats) {
        return stats.stream().filter(this::keep).toList();
    }
}
