package io.proxyctl.admin.endpoint;

import io.proxyctl.config.model.CircuitBreakers;
import io.proxyctl.config.tree.Tree;
import java.util.Map;

/**
 * A cluster's circuit-breaker thresholds for one routing priority: the model holds the default priority; the
 * high priority ones (which the data plane does not use) are read from the config tree, with Envoy's defaults.
 */
record ClusterThresholds(long maxConnections, long maxPendingRequests, long maxRequests, long maxRetries) {
    static ClusterThresholds of(CircuitBreakers c) {
        return new ClusterThresholds(c.maxConnections(), c.maxPendingRequests(), c.maxRequests(), c.maxRetries());
    }

    /** The HIGH priority thresholds of the cluster named {@code name} in {@code tree}. */
    static ClusterThresholds high(Map<String, Object> tree, String name) {
        CircuitBreakers d = CircuitBreakers.DEFAULT;
        Map<String, Object> cb = Tree.mapField(cluster(tree, name), "circuit_breakers");
        for (Tree.Item t : Tree.items(cb, "", "thresholds")) {
            String p = Tree.enumValue(Tree.get(t.value(), "priority"));
            if ("HIGH".equals(p) || "1".equals(p)) {
                return new ClusterThresholds(num(t.value(), "max_connections", d.maxConnections()),
                        num(t.value(), "max_pending_requests", d.maxPendingRequests()),
                        num(t.value(), "max_requests", d.maxRequests()), num(t.value(), "max_retries", d.maxRetries()));
            }
        }
        return of(d);
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

    private static long num(Object map, String field, long dflt) {
        Object v = Tree.get(map, field);
        if (v instanceof Map<?, ?> wrapped) {
            v = wrapped.get("value");
        }
        String t = Tree.text(v);
        if (t == null) {
            return dflt;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
