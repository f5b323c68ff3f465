package io.proxyctl.admin.endpoint;

import io.proxyctl.admin.AdminHandler;
import io.proxyctl.admin.AdminParam;
import io.proxyctl.admin.AdminRequest;
import io.proxyctl.admin.AdminResponse;
import io.proxyctl.admin.AdminTarget;
import io.proxyctl.admin.stats.PrometheusRenderer;
import io.proxyctl.admin.stats.StatsJsonRenderer;
import io.proxyctl.admin.stats.StatsParams;
import io.proxyctl.admin.stats.StatsTextRenderer;
import io.proxyctl.stats.StatsSnapshot;
import io.proxyctl.stats.TagExtractor;
import java.util.List;

/** {@code /stats} (text, JSON or Prometheus) and {@code /stats/prometheus}, from one snapshot per request. */
final class StatsHandler implements AdminHandler {
    private final AdminTarget target;
    private final boolean prometheusPath;
    private final PrometheusRenderer prometheus = new PrometheusRenderer(TagExtractor.defaults());

    StatsHandler(AdminTarget target, boolean prometheusPath) {
        this.target = target;
        this.prometheusPath = prometheusPath;
    }

    @Override
    public String prefix() {
        return prometheusPath ? "/stats/prometheus" : "/stats";
    }

    @Override
    public String helpText() {
        return prometheusPath ? "print server stats in prometheus format" : "print server stats";
    }

    @Override
    public List<AdminParam> params() {
        AdminParam used = AdminParam.of("usedonly", "Only include stats that have been written by system since restart");
        AdminParam filter = AdminParam.of("filter", "Regular expression (Google re2) for filtering stats");
        if (prometheusPath) {
            return List.of(used, AdminParam.of("text_readouts", "Render text_readouts as new gauges with value 1 "
                    + "(increases Prometheus data size)"), filter,
                    AdminParam.oneOf("histogram_buckets", "Histogram bucket display mode", "cumulative", "summary"));
        }
        return List.of(used, filter,
                AdminParam.oneOf("format", "Format to use", "text", "json", "prometheus"),
                AdminParam.oneOf("type", "Stat types to include.", "All", "Counters", "Histograms", "Gauges",
                        "TextReadouts"),
                AdminParam.oneOf("histogram_buckets", "Histogram bucket display mode", "cumulative", "disjoint", "none"));
    }

    @Override
    public AdminResponse handle(AdminRequest r) {
        StatsParams.Parsed parsed = StatsParams.parse(r, prometheusPath);
        if (parsed.error() != null) {
            return AdminResponse.text(400, parsed.error());
        }
        StatsParams p = parsed.params();
        target.flushStatsForAdmin();
        StatsSnapshot s = target.stats().snapshot();
        return switch (p.format()) {
            case JSON -> AdminResponse.json(200, StatsJsonRenderer.render(s, p));
            case PROMETHEUS -> AdminResponse.text(200, prometheus.render(s, p));
            default -> AdminResponse.text(200, StatsTextRenderer.render(s, p));
        };
    }
}
