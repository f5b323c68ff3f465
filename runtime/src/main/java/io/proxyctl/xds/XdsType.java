package io.proxyctl.xds;

import io.proxyctl.config.tree.Tree;
import java.util.Map;

/** The four xDS resource types proxyctl subscribes to, with their type URLs and stat names. */
public enum XdsType {
    LISTENER("envoy.config.listener.v3.Listener", "lds", "listener_manager.lds."),
    CLUSTER("envoy.config.cluster.v3.Cluster", "cds", "cluster_manager.cds."),
    ROUTE("envoy.config.route.v3.RouteConfiguration", "rds", "rds."),
    ENDPOINT("envoy.config.endpoint.v3.ClusterLoadAssignment", "eds", "eds.");

    private static final String PREFIX = "type.googleapis.com/";

    private final String message;
    private final String shortName;
    private final String statPrefix;

    XdsType(String message, String shortName, String statPrefix) {
        this.message = message;
        this.shortName = shortName;
        this.statPrefix = statPrefix;
    }

    /** The full message name, e.g. {@code envoy.config.cluster.v3.Cluster}. */
    public String message() {
        return message;
    }

    /** {@code type.googleapis.com/} plus the message name. */
    public String typeUrl() {
        return PREFIX + message;
    }

    /** lds, cds, rds or eds. */
    public String shortName() {
        return shortName;
    }

    /** The prefix of this type's update_attempt/update_success/update_rejected counters. */
    public String statPrefix() {
        return statPrefix;
    }

    /** LDS and CDS subscribe to every resource; RDS and EDS to the names listeners and clusters ask for. */
    public boolean wildcard() {
        return this == LISTENER || this == CLUSTER;
    }

    /** The name of a resource of this type: {@code name}, or {@code cluster_name} for a load assignment. */
    public String nameOf(Map<String, Object> resource) {
        return Tree.strField(resource, this == ENDPOINT ? "cluster_name" : "name");
    }

    /** The type a type URL (or bare message name) names, or null. */
    public static XdsType ofTypeUrl(String typeUrl) {
        String message = Tree.messageName(typeUrl);
        for (XdsType t : values()) {
            if (t.message.equals(message)) {
                return t;
            }
        }
        return null;
    }
}
