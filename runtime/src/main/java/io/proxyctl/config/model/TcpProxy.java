package io.proxyctl.config.model;

import java.time.Duration;
import java.util.List;

/**
 * The {@code tcp_proxy} network filter: relays the bytes of each downstream connection to one upstream host.
 *
 * @param cluster            the target cluster, or null when {@code weightedClusters} is used
 * @param weightedClusters   weighted targets (only {@link ClusterWeight#name()} and weight are used)
 * @param idleTimeout        idle timeout (default 1h, zero disables)
 * @param maxConnectAttempts upstream connection attempts before giving up (at least 1)
 * @param accessLog          loggers called once per connection when it closes
 */
public record TcpProxy(String name, String statPrefix, String cluster, List<ClusterWeight> weightedClusters,
                       Duration idleTimeout, int maxConnectAttempts, List<AccessLog> accessLog) implements NetworkFilter {
    public TcpProxy {
        weightedClusters = List.copyOf(weightedClusters);
        accessLog = List.copyOf(accessLog);
        maxConnectAttempts = Math.max(1, maxConnectAttempts);
    }
}
