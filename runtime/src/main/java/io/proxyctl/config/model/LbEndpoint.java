package io.proxyctl.config.model;

import java.util.Objects;

/**
 * {@code LbEndpoint}: one upstream address.
 *
 * @param address      the address (a DNS name for DNS clusters)
 * @param hostname     {@code endpoint.hostname}, or ""
 * @param weight       {@code load_balancing_weight} (default 1)
 * @param healthStatus the EDS health status (UNKNOWN counts as healthy)
 * @param healthCheckPort {@code endpoint.health_check_config.port_value}: the port active health checks use
 *                     instead of the endpoint's (0: the endpoint's)
 */
public record LbEndpoint(Address address, String hostname, int weight, HealthStatus healthStatus,
                         int healthCheckPort) {
    public LbEndpoint {
        Objects.requireNonNull(address, "address");
        hostname = hostname == null ? "" : hostname;
        weight = weight <= 0 ? 1 : weight;
        healthStatus = healthStatus == null ? HealthStatus.UNKNOWN : healthStatus;
    }

    /** {@code core.v3.HealthStatus}. */
    public enum HealthStatus {
        UNKNOWN, HEALTHY, UNHEALTHY, DRAINING, TIMEOUT, DEGRADED;

        /** Whether Envoy routes to a host in this state outside panic mode. */
        public boolean routable() {
            return this == UNKNOWN || this == HEALTHY || this == DEGRADED;
        }
    }
}
