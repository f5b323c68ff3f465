package io.proxyctl.config.model;

import java.util.List;

/** {@code ClusterLoadAssignment}: endpoints grouped by locality and priority. */
public record LoadAssignment(String clusterName, List<LocalityLbEndpoints> endpoints, int overprovisioningFactor) {
    public LoadAssignment {
        endpoints = List.copyOf(endpoints);
        overprovisioningFactor = overprovisioningFactor <= 0 ? 140 : overprovisioningFactor;
    }
}
