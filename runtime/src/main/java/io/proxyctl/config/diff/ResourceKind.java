package io.proxyctl.config.diff;

/** The kinds of resource a diff is keyed by, in the order they are reported. */
public enum ResourceKind {
    LISTENER("listener", "listeners"),
    ROUTE_CONFIGURATION("route_config", "route_configs"),
    CLUSTER("cluster", "clusters"),
    ENDPOINTS("endpoints", "endpoints"),
    /** Everything of the bootstrap outside listeners and clusters (admin, node, stats, dynamic_resources...). */
    BOOTSTRAP("bootstrap", "bootstrap");

    private final String label;
    private final String plural;

    ResourceKind(String label, String plural) {
        this.label = label;
        this.plural = plural;
    }

    /** How output names one resource of this kind ("route_config"). */
    public String label() {
        return label;
    }

    /** How output names the group ("route_configs"). */
    public String plural() {
        return plural;
    }
}
