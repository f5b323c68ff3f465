package io.proxyctl.config.check;

import io.proxyctl.config.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The xDS resource files a v3 bootstrap subscribes to through {@code path_config_source} (or the deprecated
 * {@code path}): {@code dynamic_resources.lds_config} (listeners), {@code cds_config} (clusters), each HCM's
 * {@code rds.config_source} (route configurations) and each cluster's {@code eds_cluster_config.eds_config}
 * (load assignments). Pure: finds the references, reads nothing.
 *
 * <pre>
 * for (WatchedFiles.Ref ref : WatchedFiles.of(tree)) { ... ref.path() ... ref.resourceType() ... }
 * </pre>
 */
public final class WatchedFiles {
    /** Full message names of the four resource types, as {@code "@type"} names them. */
    public static final String LISTENER = "envoy.config.listener.v3.Listener";
    public static final String CLUSTER = "envoy.config.cluster.v3.Cluster";
    public static final String ROUTE_CONFIGURATION = "envoy.config.route.v3.RouteConfiguration";
    public static final String CLUSTER_LOAD_ASSIGNMENT = "envoy.config.endpoint.v3.ClusterLoadAssignment";

    /**
     * One reference: the pointer of the path value, the path as written, and the message type of the resources
     * the file must hold.
     */
    public record Ref(String pointer, String path, String resourceType) {
    }

    private WatchedFiles() {
    }

    /** Every watched-file reference of a v3 bootstrap tree, bootstrap subscriptions first. */
    public static List<Ref> of(Object root) {
        List<Ref> out = new ArrayList<>();
        ConfigIndex ix = ConfigIndex.of(root);
        if (ix.bootstrap != null) {
            Map<String, Object> dyn = Tree.mapField(ix.bootstrap.map(), "dynamic_resources");
            String dp = ix.bootstrap.at("dynamic_resources");
            add(out, Tree.mapField(dyn, "lds_config"), Tree.field(dp, dyn, "lds_config"), LISTENER);
            add(out, Tree.mapField(dyn, "cds_config"), Tree.field(dp, dyn, "cds_config"), CLUSTER);
        }
        for (ConfigIndex.Node h : ix.hcms) {
            Map<String, Object> rds = Tree.mapField(h.map(), "rds");
            add(out, Tree.mapField(rds, "config_source"), Tree.field(h.at("rds"), rds, "config_source"),
                    ROUTE_CONFIGURATION);
        }
        for (ConfigIndex.Node c : ix.clusters) {
            Map<String, Object> eds = Tree.mapField(c.map(), "eds_cluster_config");
            add(out, Tree.mapField(eds, "eds_config"), Tree.field(c.at("eds_cluster_config"), eds, "eds_config"),
                    CLUSTER_LOAD_ASSIGNMENT);
        }
        return out;
    }

    /** The path a ConfigSource watches ({@code path_config_source.path}, else {@code path}), or null. */
    public static String path(Map<String, Object> configSource) {
        Map<String, Object> pcs = Tree.mapField(configSource, "path_config_source");
        String p = Tree.strField(pcs, "path");
        return p != null ? p : Tree.strField(configSource, "path");
    }

    private static void add(List<Ref> out, Map<String, Object> cs, String pointer, String type) {
        if (cs == null) {
            return;
        }
        Map<String, Object> pcs = Tree.mapField(cs, "path_config_source");
        if (Tree.strField(pcs, "path") != null) {
            out.add(new Ref(Tree.field(Tree.field(pointer, cs, "path_config_source"), pcs, "path"),
                    Tree.strField(pcs, "path"), type));
        } else if (Tree.strField(cs, "path") != null) {
            out.add(new Ref(Tree.field(pointer, cs, "path"), Tree.strField(cs, "path"), type));
        }
    }
}
