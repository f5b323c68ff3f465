package io.proxyctl.tcp;

import io.proxyctl.accesslog.AccessLogger;
import io.proxyctl.config.model.ClusterWeight;
import io.proxyctl.config.model.TcpProxy;
import io.proxyctl.stats.StatsStore;
import io.proxyctl.upstream.UpstreamCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * A compiled tcp_proxy filter: its target clusters with weights (resolved once; a name with no cluster stays as
 * a null target so its connections count {@code downstream_cx_no_route}), timeouts, stats and access loggers.
 */
public final class TcpProxyConfig {
    final TcpProxy config;
    final TcpProxyStats stats;
    final List<AccessLogger> accessLogs;
    final long idleTimeoutNanos;
    private final UpstreamCluster[] targets;
    private final String[] names;
    private final int[] cumulativeWeights;
    private final int totalWeight;

    public TcpProxyConfig(TcpProxy config, Function<String, UpstreamCluster> clusters, StatsStore stats,
                          List<AccessLogger> accessLogs) {
        this.config = config;
        this.stats = new TcpProxyStats(stats, config.statPrefix());
        this.accessLogs = List.copyOf(accessLogs);
        this.idleTimeoutNanos = config.idleTimeout() == null ? 0 : config.idleTimeout().toNanos();
        List<ClusterWeight> weights = new ArrayList<>();
        if (config.cluster() != null && !config.cluster().isEmpty()) {
            weights.add(new ClusterWeight(config.cluster(), null, 1, null, null));
        } else {
            for (ClusterWeight w : config.weightedClusters()) {
                if (w.weight() > 0) {
                    weights.add(w);
                }
            }
        }
        targets = new UpstreamCluster[weights.size()];
        names = new String[weights.size()];
        cumulativeWeights = new int[weights.size()];
        int sum = 0;
        for (int i = 0; i < weights.size(); i++) {
            names[i] = weights.get(i).name();
            targets[i] = clusters.apply(names[i]);
            sum += weights.get(i).weight();
            cumulativeWeights[i] = sum;
        }
        totalWeight = sum;
    }

    /** The index of the target for a new connection (weighted random), or -1 when there is none. */
    int pick() {
        if (targets.length == 0) {
            return -1;
        }
        if (targets.length == 1) {
            return 0;
        }
        int r = ThreadLocalRandom.current().nextInt(totalWeight);
        for (int i = 0; i < cumulativeWeights.length; i++) {
            if (r < cumulativeWeights[i]) {
                return i;
            }
        }
        return targets.length - 1;
    }

    UpstreamCluster target(int index) {
        return targets[index];
    }

    String targetName(int index) {
        return names[index];
    }
}
