package io.proxyctl.config.model;

import java.time.Duration;
import java.util.List;

/**
 * The {@code tcp_proxy} network filter. Bound for completeness; the runtime does not serve it yet.
 *
 * @param cluster          the target cluster, or null when {@code weightedClusters} is used
 * @param weightedClusters weighted targets
 * @param idleTimeout      idle timeout (default 1h, zero disables)
 */
public record TcpProxy(String name, String statPrefix, String cluster, List<ClusterWeight> weightedClusters,
                       Duration idleTimeout) implements NetworkFilter {
    public TcpProxy {
        weightedClusters = List.copyOf(weightedClusters);
    }
}
