package io.proxyctl.cli.admin;

import io.proxyctl.cli.render.TableRenderer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders clusters: one table row per host (istioctl's endpoint view), and Envoy's {@code /clusters?format=json}. */
public final class ClustersFormat {
    private ClustersFormat() {
    }

    /**
     * One row per host. When any cluster came from CDS ({@code added_via_api}), an ORIGIN column tells them apart
     * from the bootstrap's ({@code static} / {@code cds}); their versions are in {@code admin config-dump}.
     */
    public static String table(List<ClusterStatus> clusters) {
        boolean dynamic = clusters.stream().anyMatch(ClusterStatus::addedViaApi);
        List<String> head = new ArrayList<>(List.of("NAME", "HOST", "HEALTH", "WEIGHT", "CX_ACTIVE", "CX_FAIL",
                "RQ_ACTIVE", "RQ_TOTAL", "RQ_ERROR", "RQ_TIMEOUT"));
        if (dynamic) {
            head.add(1, "ORIGIN");
        }
        TableRenderer t = new TableRenderer(head.toArray(String[]::new));
        for (ClusterStatus c : clusters) {
            List<Object> row = new ArrayList<>();
            row.add(c.name());
            if (dynamic) {
                row.add(c.addedViaApi() ? "cds" : "static");
            }
            if (c.hosts().isEmpty()) {
                row.addAll(List.of("-", "-", "-"));
                t.row(row.toArray());
                continue;
            }
            for (HostStatus h : c.hosts()) {
                List<Object> r = new ArrayList<>(row);
                r.addAll(java.util.Arrays.asList(h.address(), h.health(), h.weight(), h.stat("cx_active"), h.stat("cx_connect_fail"),
                        h.stat("rq_active"), h.stat("rq_total"), h.stat("rq_error"), h.stat("rq_timeout")));
                t.row(r.toArray());
            }
        }
        return t.render();
    }

    /** Envoy's {@code envoy.admin.v3.Clusters} JSON, with proto JSON's conventions (uint64 as strings). */
    public static Map<String, Object> envoyJson(List<ClusterStatus> clusters) {
        List<Object> list = new ArrayList<>();
        for (ClusterStatus c : clusters) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("observability_name", c.observabilityName());
            if (!c.circuitBreakers().isEmpty()) {
                List<Object> thresholds = new ArrayList<>();
                c.circuitBreakers().forEach((prio, th) -> {
                    Map<String, Object> t = new LinkedHashMap<>();
                    if (prio.equals("high")) {
                        t.put("priority", "HIGH");
                    }
                    t.putAll(th);
                    thresholds.add(t);
                });
                m.put("circuit_breakers", Map.of("thresholds", thresholds));
            }
            outlier(m, c, "success_rate_ejection_threshold");
            outlier(m, c, "local_origin_success_rate_ejection_threshold");
            if (c.addedViaApi()) {
                m.put("added_via_api", true);
            }
            if (!c.edsServiceName().isEmpty()) {
                m.put("eds_service_name", c.edsServiceName());
            }
            List<Object> hosts = new ArrayList<>();
            for (HostStatus h : c.hosts()) {
                hosts.add(host(h));
            }
            m.put("host_statuses", hosts);
            list.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("cluster_statuses", list);
        return root;
    }

    private static void outlier(Map<String, Object> m, ClusterStatus c, String key) {
        Double v = c.outlier().get(key);
        if (v != null && v >= 0) {
            m.put(key, Map.of("value", v));
        }
    }

    private static Map<String, Object> host(HostStatus h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", Addresses.toJson(h.address()));
        if (!h.stats().isEmpty()) {
            List<Object> stats = new ArrayList<>();
            h.stats().forEach((name, value) -> {
                Map<String, Object> s = new LinkedHashMap<>();
                if (ClustersParser.isGauge(name)) {
                    s.put("type", "GAUGE");
                }
                s.put("name", name);
                s.put("value", Long.toString(value));
                stats.add(s);
            });
            m.put("stats", stats);
        }
        if (h.healthFlags() != null) {
            m.put("health_status", healthStatus(h.healthFlags()));
        }
        if (h.successRate() >= 0) {
            m.put("success_rate", Map.of("value", h.successRate()));
        }
        m.put("weight", h.weight());
        if (!h.hostname().isEmpty()) {
            m.put("hostname", h.hostname());
        }
        if (!h.region().isEmpty() || !h.zone().isEmpty() || !h.subZone().isEmpty()) {
            Map<String, Object> loc = new LinkedHashMap<>();
            loc.put("region", h.region());
            loc.put("zone", h.zone());
            loc.put("sub_zone", h.subZone());
            m.put("locality", loc);
        }
        if (h.priority() != 0) {
            m.put("priority", h.priority());
        }
        if (h.localOriginSuccessRate() >= 0) {
            m.put("local_origin_success_rate", Map.of("value", h.localOriginSuccessRate()));
        }
        return m;
    }

    private static Map<String, Object> healthStatus(List<String> flags) {
        Map<String, Object> m = new LinkedHashMap<>();
        String eds = flags.contains("failed_eds_health") ? "UNHEALTHY"
                : flags.contains("degraded_eds_health") ? "DEGRADED"
                : flags.contains("eds_status_draining") ? "DRAINING" : "HEALTHY";
        m.put("eds_health_status", eds);
        String[][] names = {{"failed_active_hc", "failed_active_health_check"}, {"failed_outlier_check", "failed_outlier_check"},
            {"degraded_active_hc", "failed_active_degraded_check"}, {"pending_dynamic_removal", "pending_dynamic_removal"},
            {"pending_active_hc", "pending_active_hc"}, {"excluded_via_immediate_hc_fail", "excluded_via_immediate_hc_fail"},
            {"active_hc_timeout", "active_hc_timeout"}};
        for (String[] n : names) {
            if (flags.contains(n[0])) {
                m.put(n[1], true);
            }
        }
        return m;
    }
}
