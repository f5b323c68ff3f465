package io.proxyctl.cli.admin;

import java.util.List;
import java.util.Map;

/**
 * One upstream host as {@code /clusters} reports it (or as a config dump defines it, then without stats).
 *
 * @param address        {@code ip:port}, {@code [v6]:port} or a pipe path
 * @param hostname       the endpoint's hostname, "" when none
 * @param healthFlags    Envoy's flag names ({@code failed_active_hc}, ...); empty when healthy; null when unknown
 * @param weight         load-balancing weight
 * @param region         locality region, "" when unset
 * @param zone           locality zone
 * @param subZone        locality sub-zone
 * @param canary         canary flag
 * @param priority       priority level
 * @param successRate    outlier detection success rate, -1 when not computed
 * @param localOriginSuccessRate local-origin success rate, -1 when not computed
 * @param stats          per-host counters and gauges (cx_active, rq_total, ...) in Envoy's order; empty offline
 */
public record HostStatus(String address, String hostname, List<String> healthFlags, long weight, String region,
                         String zone, String subZone, boolean canary, int priority, double successRate,
                         double localOriginSuccessRate, Map<String, Long> stats) {
    public HostStatus {
        healthFlags = healthFlags == null ? null : List.copyOf(healthFlags);
        stats = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stats));
    }

    /** The value of a host stat, or null when the source had no stats. */
    public Long stat(String name) {
        return stats.isEmpty() ? null : stats.getOrDefault(name, 0L);
    }

    /** HEALTHY, DEGRADED, DRAINING or UNHEALTHY, with the flags in parentheses; "-" when unknown. */
    public String health() {
        if (healthFlags == null) {
            return "-";
        }
        if (healthFlags.isEmpty()) {
            return "HEALTHY";
        }
        String word;
        if (healthFlags.stream().allMatch(f -> f.startsWith("degraded_"))) {
            word = "DEGRADED";
        } else if (healthFlags.equals(List.of("eds_status_draining"))) {
            word = "DRAINING";
        } else {
            word = "UNHEALTHY";
        }
        return word + "(" + String.join(",", healthFlags) + ")";
    }
}
