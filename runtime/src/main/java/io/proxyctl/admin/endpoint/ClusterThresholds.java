package io.proxyctl.admin.endpoint;

import io.proxyctl.upstream.CircuitBreakerState;
import io.proxyctl.config.tree.Tree;
import java.util.Map;

/**
 * A cluster's circuit-breaker thresholds for one routing priority, as /clusters prints them.
 */
record ClusterThresholds(long maxConnections, long maxPendingRequests, long maxRequests, long maxRetries) {
    /** The live limits, as Envoy's resource manager reports them: with a retry budget, its current retry limit. */
    static ClusterThresholds of(CircuitBreakerState s) {
        return new ClusterThresholds(s.connections().max(), s.pending().max(), s.requests().max(), s.retries().max());
    }

    static Map<String, Object> cluster(Map<String, Object> tree, String name) {
        Map<String, Object> sr = Tree.mapField(tree, "static_resources");
        for (Tree.Item c : Tree.items(sr, "", "clusters")) {
            if (name.equals(Tree.strField(c.value(), "name"))) {
                return c.map();
            }
        }
        return null;
    }
}
