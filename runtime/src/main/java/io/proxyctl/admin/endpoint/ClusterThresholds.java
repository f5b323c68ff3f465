package io.proxyctl.admin.endpoint;

import io.proxyctl.config.model.CircuitBreakers;
import io.proxyctl.config.tree.Tree;
import java.util.Map;

/**
 * A cluster's circuit-breaker thresholds for one routing priority, as /clusters prints them.
 */
record ClusterThresholds(long maxConnections, long maxPendingRequests, long maxRequests, long maxRetries) {
    static ClusterThresholds of(CircuitBreakers.Thresholds c) {
        return new ClusterThresholds(c.maxConnections(), c.maxPendingRequests(), c.maxRequests(), c.maxRetries());
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
