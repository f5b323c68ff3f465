package io.proxyctl.admin.endpoint;

import io.proxyctl.admin.AdminHandler;
import io.proxyctl.admin.AdminParam;
import io.proxyctl.admin.AdminRequest;
import io.proxyctl.admin.AdminResponse;
import io.proxyctl.admin.AdminTarget;
import io.proxyctl.common.Json;
import io.proxyctl.config.model.LbEndpoint;
import io.proxyctl.config.model.Locality;
import io.proxyctl.config.tree.Tree;
import io.proxyctl.upstream.Host;
import io.proxyctl.upstream.UpstreamCluster;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /clusters}: Envoy's {@code cluster::host::stat::value} text (clusters by name, per host its eight stats
 * sorted by name, then hostname, health flags, weight, locality, canary, priority and success rates), or
 * {@code envoy.admin.v3.Clusters} as proto3 JSON with {@code ?format=json}.
 */
final class ClustersHandler implements AdminHandler {
    /** Host counters, then gauges, in Envoy's {@code ALL_HOST_STATS} order. */
    static final String[] COUNTERS = {"cx_connect_fail", "cx_total", "rq_error", "rq_success", "rq_timeout", "rq_total"};
    static final String[] GAUGES = {"cx_active", "rq_active"};

    private final AdminTarget target;

    ClustersHandler(AdminTarget target) {
        this.target = target;
    }

    @Override
    public String prefix() {
        return "/clusters";
    }

    @Override
    public String helpText() {
        return "upstream cluster status";
    }

    @Override
    public List<AdminParam> params() {
        return List.of(AdminParam.oneOf("format", "File format to use", "text", "json"));
    }

    @Override
    public AdminResponse handle(AdminRequest r) {
        List<UpstreamCluster> clusters = new ArrayList<>(target.clusters());
        clusters.sort(Comparator.comparing(UpstreamCluster::name));
        if ("json".equals(r.param("format"))) {
            return AdminResponse.json(200, Json.pretty(json(clusters), 1) + "\n");
        }
        return AdminResponse.text(200, text(clusters));
    }

    private String text(List<UpstreamCluster> clusters) {
        StringBuilder sb = new StringBuilder();
        for (UpstreamCluster c : clusters) {
            String n = c.name();
            line(sb, n, "observability_name", observabilityName(c));
            double[] sr = c.outlierSuccessRates();
            if (sr != null) {
                line(sb, n, "outlier::success_rate_average", percentG(sr[0]));
                line(sb, n, "outlier::success_rate_ejection_threshold", percentG(sr[1]));
                line(sb, n, "outlier::local_origin_success_rate_average", percentG(sr[2]));
                line(sb, n, "outlier::local_origin_success_rate_ejection_threshold", percentG(sr[3]));
            }
            thresholds(sb, n, "default", ClusterThresholds.of(c.breakers(false)));
            thresholds(sb, n, "high", ClusterThresholds.of(c.breakers(true)));
            line(sb, n, "added_via_api", Boolean.toString(addedViaApi(n)));
            String eds = edsServiceName(c);
            if (!eds.isEmpty()) {
                line(sb, n, "eds_service_name", eds);
            }
            for (Host h : c.prioritySet().allHosts()) {
                String p = n + "::" + h.addressString();
                List<String> names = new ArrayList<>(List.of(COUNTERS));
                names.addAll(List.of(GAUGES));
                names.sort(null);
                for (String s : names) {
                    line(sb, p, s, Long.toString(h.stat(s)));
                }
                Locality l = h.locality();
                line(sb, p, "hostname", h.hostname());
                line(sb, p, "health_flags", healthFlags(h));
                line(sb, p, "weight", Integer.toString(h.weight()));
                line(sb, p, "region", l.region());
                line(sb, p, "zone", l.zone());
                line(sb, p, "sub_zone", l.subZone());
                line(sb, p, "canary", "false");
                line(sb, p, "priority", Integer.toString(h.priority()));
                line(sb, p, "success_rate", shortest(h.successRate()));
                line(sb, p, "local_origin_success_rate", shortest(h.localOriginSuccessRate()));
            }
        }
        return sb.toString();
    }

    /** C's {@code %g}: six significant digits, trailing zeros dropped (Envoy's {@code {:g}}). */
    static String percentG(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros();
        return d.toPlainString();
    }

    /** The shortest text that reads back as {@code v} (Envoy's {@code {}} for a double): -1, 100, 95.5. */
    static String shortest(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static void line(StringBuilder sb, String prefix, String key, String value) {
        sb.append(prefix).append("::").append(key).append("::").append(value).append('\n');
    }

    private static void thresholds(StringBuilder sb, String cluster, String priority, ClusterThresholds t) {
        String p = cluster + "::" + priority + "_priority";
        line(sb, p, "max_connections", Long.toString(t.maxConnections()));
        line(sb, p, "max_pending_requests", Long.toString(t.maxPendingRequests()));
        line(sb, p, "max_requests", Long.toString(t.maxRequests()));
        line(sb, p, "max_retries", Long.toString(t.maxRetries()));
    }

    private static String observabilityName(UpstreamCluster c) {
        String alt = c.config().altStatName();
        return alt != null && !alt.isEmpty() ? alt : c.name();
    }

    private String edsServiceName(UpstreamCluster c) {
        Map<String, Object> cluster = ClusterThresholds.cluster(target.configTree(), c.name());
        String s = Tree.strField(Tree.mapField(cluster, "eds_cluster_config"), "service_name");
        return s == null ? "" : s;
    }

    /**
     * Envoy's {@code HostUtility::healthFlagsToString} for the flags this runtime knows: active health check and
     * outlier detection failures, then the EDS health status; "healthy" when none is set.
     */
    static String healthFlags(Host h) {
        String flags = (h.failedActiveHealthCheck() ? "/failed_active_hc" : "")
                + (h.ejected() ? "/failed_outlier_check" : "")
                + switch (h.health()) {
                    case UNHEALTHY, TIMEOUT -> "/failed_eds_health";
                    case DEGRADED -> "/degraded_eds_health";
                    case DRAINING -> "/eds_status_draining";
                    default -> "";
                };
        return flags.isEmpty() ? "healthy" : flags;
    }

    private Map<String, Object> json(List<UpstreamCluster> clusters) {
        List<Object> statuses = new ArrayList<>();
        for (UpstreamCluster c : clusters) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", c.name());
            List<Object> hosts = new ArrayList<>();
            for (Host h : c.prioritySet().allHosts()) {
                hosts.add(hostJson(h));
            }
            if (!hosts.isEmpty()) {
                s.put("host_statuses", hosts);
            }
            List<Object> thresholds = new ArrayList<>();
            thresholds.add(thresholdsJson(null, ClusterThresholds.of(c.breakers(false))));
            thresholds.add(thresholdsJson("HIGH", ClusterThresholds.of(c.breakers(true))));
            s.put("circuit_breakers", Map.of("thresholds", thresholds));
            double[] sr = c.outlierSuccessRates();
            if (sr != null && sr[1] >= 0) {
                s.put("success_rate_ejection_threshold", Map.of("value", sr[1]));
            }
            if (sr != null && sr[3] >= 0) {
                s.put("local_origin_success_rate_ejection_threshold", Map.of("value", sr[3]));
            }
            s.put("observability_name", observabilityName(c));
            if (addedViaApi(c.name())) {
                s.put("added_via_api", true);
            }
            String eds = edsServiceName(c);
            if (!eds.isEmpty()) {
                s.put("eds_service_name", eds);
            }
            statuses.add(s);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        if (!statuses.isEmpty()) {
            root.put("cluster_statuses", statuses);
        }
        return root;
    }

    /** True for a cluster that came from CDS. */
    private boolean addedViaApi(String cluster) {
        io.proxyctl.xds.DynamicConfig d = target.dynamicConfig();
        return d != null && d.snapshot().resources(io.proxyctl.xds.XdsType.CLUSTER).containsKey(cluster);
    }

    private static Map<String, Object> thresholdsJson(String priority, ClusterThresholds t) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (priority != null) {
            m.put("priority", priority);
        }
        m.put("max_connections", t.maxConnections());
        m.put("max_pending_requests", t.maxPendingRequests());
        m.put("max_requests", t.maxRequests());
        m.put("max_retries", t.maxRetries());
        return m;
    }

    private static Map<String, Object> hostJson(Host h) {
        Map<String, Object> m = new LinkedHashMap<>();
        InetSocketAddress a = h.address();
        Map<String, Object> sa = new LinkedHashMap<>();
        sa.put("address", a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress());
        if (a.getPort() != 0) {
            sa.put("port_value", a.getPort());
        }
        m.put("address", Map.of("socket_address", sa));
        List<Object> stats = new ArrayList<>();
        for (String s : COUNTERS) {
            stats.add(metric(null, s, h.stat(s)));
        }
        for (String s : GAUGES) {
            stats.add(metric("GAUGE", s, h.stat(s)));
        }
        m.put("stats", stats);
        String eds = switch (h.health()) {
            case UNHEALTHY, TIMEOUT -> "UNHEALTHY";
            case DEGRADED -> "DEGRADED";
            case DRAINING -> "DRAINING";
            default -> "HEALTHY";
        };
        Map<String, Object> health = new LinkedHashMap<>();
        if (h.failedActiveHealthCheck()) {
            health.put("failed_active_health_check", true);
        }
        if (h.ejected()) {
            health.put("failed_outlier_check", true);
        }
        health.put("eds_health_status", eds);
        m.put("health_status", health);
        if (h.successRate() >= 0) {
            m.put("success_rate", Map.of("value", h.successRate()));
        }
        m.put("weight", h.weight());
        if (!h.hostname().isEmpty()) {
            m.put("hostname", h.hostname());
        }
        if (h.priority() != 0) {
            m.put("priority", h.priority());
        }
        Map<String, Object> locality = new LinkedHashMap<>();
        Locality l = h.locality();
        if (!l.region().isEmpty()) {
            locality.put("region", l.region());
        }
        if (!l.zone().isEmpty()) {
            locality.put("zone", l.zone());
        }
        if (!l.subZone().isEmpty()) {
            locality.put("sub_zone", l.subZone());
        }
        m.put("locality", locality);
        return m;
    }

    /** SimpleMetric in proto3 JSON: COUNTER (the default type) and zero values are left out, uint64 as string. */
    private static Map<String, Object> metric(String type, String name, long value) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (type != null) {
            m.put("type", type);
        }
        if (value != 0) {
            m.put("value", Long.toString(value));
        }
        m.put("name", name);
        return m;
    }
}
