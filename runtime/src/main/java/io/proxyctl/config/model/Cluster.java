package io.proxyctl.config.model;

import java.time.Duration;
import java.util.Objects;

/**
 * An upstream cluster.
 *
 * @param name                  the cluster name
 * @param altStatName           {@code alt_stat_name} (observability name), or null
 * @param type                  discovery type
 * @param connectTimeout        connect timeout (default 5 s)
 * @param lbPolicy              load-balancing policy
 * @param loadAssignment        endpoints
 * @param dnsLookupFamily       address family for DNS clusters
 * @param dnsRefreshRate        DNS re-resolution period (default 5 s)
 * @param dnsFailureRefreshRate period after a failed resolution, or null to use {@code dnsRefreshRate}
 * @param lbConfig              load-balancer specific options
 * @param tls                   upstream TLS, or null for plain TCP
 * @param circuitBreakers       default-priority thresholds
 * @param http                  upstream HTTP protocol options
 * @param perConnectionBufferLimitBytes per-connection buffer limit, or null for the default
 * @param healthChecks          active health checkers (empty: none)
 * @param outlierDetection      consecutive-5xx outlier detection, or null for none
 */
public record Cluster(String name, String altStatName, DiscoveryType type, Duration connectTimeout,
                      LbPolicy lbPolicy, LoadAssignment loadAssignment, DnsLookupFamily dnsLookupFamily,
                      Duration dnsRefreshRate, Duration dnsFailureRefreshRate, LbConfig lbConfig,
                      UpstreamTls tls, CircuitBreakers circuitBreakers, UpstreamHttpOptions http,
                      Integer perConnectionBufferLimitBytes, java.util.List<HealthCheck> healthChecks,
                      OutlierDetection outlierDetection) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DNS_REFRESH_RATE = Duration.ofSeconds(5);

    public Cluster {
        Objects.requireNonNull(name, "name");
        type = type == null ? DiscoveryType.STATIC : type;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        lbPolicy = lbPolicy == null ? LbPolicy.ROUND_ROBIN : lbPolicy;
        loadAssignment = loadAssignment == null ? new LoadAssignment(name, java.util.List.of(), 140) : loadAssignment;
        dnsLookupFamily = dnsLookupFamily == null ? DnsLookupFamily.AUTO : dnsLookupFamily;
        dnsRefreshRate = dnsRefreshRate == null ? DEFAULT_DNS_REFRESH_RATE : dnsRefreshRate;
        lbConfig = lbConfig == null ? LbConfig.DEFAULT : lbConfig;
        circuitBreakers = circuitBreakers == null ? CircuitBreakers.DEFAULT : circuitBreakers;
        http = http == null ? UpstreamHttpOptions.DEFAULT : http;
        healthChecks = healthChecks == null ? java.util.List.of() : java.util.List.copyOf(healthChecks);
    }

    /** The name used in stats: {@code alt_stat_name} if set, else the name, with ':' replaced by '_'. */
    public String statName() {
        String n = altStatName != null && !altStatName.isEmpty() ? altStatName : name;
        return n.replace(':', '_');
    }

    /** {@code Cluster.DiscoveryType}. */
    public enum DiscoveryType { STATIC, STRICT_DNS, LOGICAL_DNS, EDS, ORIGINAL_DST }

    /** {@code Cluster.DnsLookupFamily}. */
    public enum DnsLookupFamily { AUTO, V4_ONLY, V6_ONLY, V4_PREFERRED, ALL }
}
