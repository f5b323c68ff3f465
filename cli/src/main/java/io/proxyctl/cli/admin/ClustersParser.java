package io.proxyctl.cli.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Envoy's {@code /clusters} replies into {@link ClusterStatus}es: the text format
 * ({@code cluster::host:port::stat::value} lines, with the cluster-level {@code observability_name},
 * {@code outlier::}, {@code default_priority::}/{@code high_priority::} and {@code added_via_api} lines) and
 * {@code ?format=json} ({@code cluster_statuses[].host_statuses[]}).
 */
public final class ClustersParser {
    /** Host line after the cluster name; reluctant so IPv6 hosts ({@code [::1]:80}) keep their colons. */
    private static final Pattern HOST_LINE = Pattern.compile("(.+?)::([a-z][a-z0-9_.]*)::(.*)");
    private static final Set<String> CLUSTER_KEYS = Set.of("observability_name", "added_via_api", "eds_service_name",
            "version_info", "outlier", "default_priority", "high_priority");
    private static final Set<String> GAUGES = Set.of("cx_active", "rq_active");

    private ClustersParser() {
    }

    /** The reply as clusters, whichever format the server chose (Envoys without JSON answer in text). */
    public static List<ClusterStatus> parse(AdminReply r) {
        r.requireOk();
        if (!r.isHtml() && !r.body().stripLeading().startsWith("{")) {
            return parseText(r);
        }
        return parseJson(r);
    }

    public static List<ClusterStatus> parseText(AdminReply reply) {
        reply.requireOk();
        if (reply.isHtml()) {
            throw reply.notAdmin("answered " + reply.describeBody());
        }
        Map<String, Builder> clusters = new LinkedHashMap<>();
        String[] lines = reply.body().split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            int sep = line.indexOf("::");
            if (sep <= 0 || !readLine(clusters.computeIfAbsent(line.substring(0, sep), Builder::new), line.substring(sep + 2))) {
                throw reply.notAdmin("answered with text that is not Envoy's /clusters format (line " + (i + 1) + ": '"
                        + AdminReply.abbreviate(line) + "')");
            }
        }
        return clusters.values().stream().map(Builder::build).toList();
    }

    private static boolean readLine(Builder c, String rest) {
        int sep = rest.indexOf("::");
        String key = sep < 0 ? rest : rest.substring(0, sep);
        if (sep > 0 && CLUSTER_KEYS.contains(key)) {
            String value = rest.substring(sep + 2);
            switch (key) {
                case "observability_name" -> c.observabilityName = value;
                case "added_via_api" -> c.addedViaApi = value.equals("true");
                case "eds_service_name" -> c.edsServiceName = value;
                case "version_info" -> {
                    // emitted by old Envoys only
                }
                default -> {
                    int s2 = value.indexOf("::");
                    if (s2 <= 0) {
                        return false;
                    }
                    String name = value.substring(0, s2);
                    String v = value.substring(s2 + 2);
                    if (key.equals("outlier")) {
                        c.outlier.put(name, parseDouble(v));
                    } else {
                        c.circuitBreakers.computeIfAbsent(key.replace("_priority", ""), k -> new LinkedHashMap<>())
                                .put(name, parseLong(v));
                    }
                }
            }
            return true;
        }
        Matcher m = HOST_LINE.matcher(rest);
        if (!m.matches()) {
            return false;
        }
        HostBuilder h = c.hosts.computeIfAbsent(m.group(1), HostBuilder::new);
        String stat = m.group(2);
        String v = m.group(3);
        switch (stat) {
            case "hostname" -> h.hostname = v;
            case "health_flags" -> h.flags = v.equals("healthy") || v.isEmpty() ? List.of()
                    : List.of(v.replaceFirst("^/", "").split("/"));
            case "weight" -> h.weight = parseLong(v);
            case "region" -> h.region = v;
            case "zone" -> h.zone = v;
            case "sub_zone" -> h.subZone = v;
            case "canary" -> h.canary = v.equals("true");
            case "priority" -> h.priority = (int) parseLong(v);
            case "success_rate" -> h.successRate = parseDouble(v);
            case "local_origin_success_rate" -> h.localOriginSuccessRate = parseDouble(v);
            default -> {
                if (!v.matches("-?\\d+")) {
                    return false;
                }
                h.stats.put(stat, parseLong(v));
            }
        }
        return true;
    }

    public static List<ClusterStatus> parseJson(AdminReply reply) {
        Map<String, Object> root = reply.jsonObject(null);
        if (!root.isEmpty() && !root.containsKey("cluster_statuses")) {
            throw reply.notAdmin("answered JSON without \"cluster_statuses\"");
        }
        List<ClusterStatus> out = new ArrayList<>();
        for (Object c : Tree.list(root.get("cluster_statuses"))) {
            out.add(fromJson(c));
        }
        return out;
    }

    static ClusterStatus fromJson(Object c) {
        Builder b = new Builder(Tree.str(Tree.at(c, "name")));
        b.observabilityName = Tree.str(Tree.at(c, "observability_name"));
        b.addedViaApi = Boolean.TRUE.equals(Tree.at(c, "added_via_api"));
        b.edsServiceName = Tree.str(Tree.at(c, "eds_service_name"));
        for (Object t : Tree.list(Tree.at(c, "circuit_breakers", "thresholds"))) {
            String prio = Tree.str(Tree.at(t, "priority")).equalsIgnoreCase("HIGH") ? "high" : "default";
            Map<String, Long> th = b.circuitBreakers.computeIfAbsent(prio, k -> new LinkedHashMap<>());
            for (String k : List.of("max_connections", "max_pending_requests", "max_requests", "max_retries")) {
                Object v = Tree.at(t, k);
                if (v != null) {
                    th.put(k, Tree.num(v, 0));
                }
            }
        }
        putRate(b.outlier, "success_rate_average", Tree.at(c, "success_rate_average"));
        putRate(b.outlier, "success_rate_ejection_threshold", Tree.at(c, "success_rate_ejection_threshold"));
        putRate(b.outlier, "local_origin_success_rate_average", Tree.at(c, "local_origin_success_rate_average"));
        putRate(b.outlier, "local_origin_success_rate_ejection_threshold",
                Tree.at(c, "local_origin_success_rate_ejection_threshold"));
        for (Object hs : Tree.list(Tree.at(c, "host_statuses"))) {
            HostBuilder h = new HostBuilder(Addresses.format(Tree.at(hs, "address")));
            h.hostname = Tree.str(Tree.at(hs, "hostname"));
            List<Map.Entry<String, Long>> stats = new ArrayList<>();
            for (Object s : Tree.list(Tree.at(hs, "stats"))) {
                stats.add(Map.entry(Tree.str(Tree.at(s, "name")), Tree.num(Tree.at(s, "value"), 0)));
            }
            // Proto JSON leaves out zero values; Envoy's text lists all eight host stats, sorted.
            for (String k : List.of("cx_active", "cx_connect_fail", "cx_total", "rq_active", "rq_error", "rq_success",
                    "rq_timeout", "rq_total")) {
                h.stats.put(k, 0L);
            }
            stats.stream().sorted(Map.Entry.comparingByKey()).forEach(e -> h.stats.put(e.getKey(), e.getValue()));
            h.flags = healthFlags(Tree.at(hs, "health_status"));
            h.weight = Tree.num(Tree.at(hs, "weight"), 1);
            h.region = Tree.str(Tree.at(hs, "locality", "region"));
            h.zone = Tree.str(Tree.at(hs, "locality", "zone"));
            h.subZone = Tree.str(Tree.at(hs, "locality", "sub_zone"));
            h.priority = (int) Tree.num(Tree.at(hs, "priority"), 0);
            h.successRate = rate(Tree.at(hs, "success_rate"));
            h.localOriginSuccessRate = rate(Tree.at(hs, "local_origin_success_rate"));
            b.hosts.put(h.address + "#" + b.hosts.size(), h);
        }
        return b.build();
    }

    /** Maps the JSON {@code HostHealthStatus} onto Envoy's text flag names. */
    static List<String> healthFlags(Object hs) {
        List<String> flags = new ArrayList<>();
        String eds = Tree.str(Tree.at(hs, "eds_health_status"));
        add(flags, hs, "failed_active_health_check", "failed_active_hc");
        add(flags, hs, "failed_outlier_check", "failed_outlier_check");
        if (eds.equals("UNHEALTHY") || eds.equals("TIMEOUT")) {
            flags.add("failed_eds_health");
        }
        add(flags, hs, "failed_active_degraded_check", "degraded_active_hc");
        if (eds.equals("DEGRADED")) {
            flags.add("degraded_eds_health");
        }
        add(flags, hs, "pending_dynamic_removal", "pending_dynamic_removal");
        add(flags, hs, "pending_active_hc", "pending_active_hc");
        add(flags, hs, "excluded_via_immediate_hc_fail", "excluded_via_immediate_hc_fail");
        add(flags, hs, "active_hc_timeout", "active_hc_timeout");
        if (eds.equals("DRAINING")) {
            flags.add("eds_status_draining");
        }
        return flags;
    }

    private static void add(List<String> flags, Object hs, String jsonField, String flag) {
        if (Boolean.TRUE.equals(Tree.at(hs, jsonField))) {
            flags.add(flag);
        }
    }

    private static void putRate(Map<String, Double> m, String key, Object percent) {
        if (percent != null) {
            m.put(key, rate(percent));
        }
    }

    /** An {@code envoy.type.v3.Percent} ({@code {"value": 99.5}}) or a bare number; -1 when absent. */
    private static double rate(Object percent) {
        Double d = percent instanceof Map ? Tree.dbl(Tree.at(percent, "value")) : Tree.dbl(percent);
        return d == null ? -1 : d;
    }

    static boolean isGauge(String hostStat) {
        return GAUGES.contains(hostStat);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static final class Builder {
        final String name;
        String observabilityName = "";
        boolean addedViaApi;
        String edsServiceName = "";
        final Map<String, Map<String, Long>> circuitBreakers = new LinkedHashMap<>();
        final Map<String, Double> outlier = new LinkedHashMap<>();
        final Map<String, HostBuilder> hosts = new LinkedHashMap<>();

        Builder(String name) {
            this.name = name;
        }

        ClusterStatus build() {
            List<HostStatus> hs = hosts.values().stream().map(HostBuilder::build).toList();
            return new ClusterStatus(name, observabilityName.isEmpty() ? name : observabilityName, addedViaApi,
                    edsServiceName, circuitBreakers, outlier, hs);
        }
    }

    private static final class HostBuilder {
        final String address;
        String hostname = "";
        List<String> flags = List.of();
        long weight = 1;
        String region = "";
        String zone = "";
        String subZone = "";
        boolean canary;
        int priority;
        double successRate = -1;
        double localOriginSuccessRate = -1;
        final Map<String, Long> stats = new LinkedHashMap<>();

        HostBuilder(String address) {
            this.address = address;
        }

        HostStatus build() {
            return new HostStatus(address, hostname, flags, weight, region, zone, subZone, canary, priority,
                    successRate, localOriginSuccessRate, stats);
        }
    }
}
