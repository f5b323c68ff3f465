package io.proxyctl.cli.admin;

import java.util.List;
import java.util.Map;

/**
 * One cluster as {@code /clusters} reports it, or as a config dump defines it.
 *
 * @param name              the cluster name
 * @param observabilityName its stats name ({@code alt_stat_name} or the name)
 * @param addedViaApi       true for CDS clusters
 * @param edsServiceName    "" when unset
 * @param circuitBreakers   per priority ("default", "high"): threshold name to value
 * @param outlier           outlier-detection figures (success_rate_average ...), empty when not configured
 * @param hosts             the hosts, in reply order
 */
public record ClusterStatus(String name, String observabilityName, boolean addedViaApi, String edsServiceName,
                            Map<String, Map<String, Long>> circuitBreakers, Map<String, Double> outlier,
                            List<HostStatus> hosts) {
    public ClusterStatus {
        circuitBreakers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(circuitBreakers));
        outlier = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outlier));
        hosts = List.copyOf(hosts);
    }
}
