package io.proxyctl.config.check;

import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warnings about clusters: a cluster nothing refers to, and a static or DNS cluster without endpoints.
 *
 * <p>References are found anywhere in the document, whatever the extension: fields named {@code cluster},
 * {@code cluster_name}, {@code cluster_names} or {@code *_cluster} (routes, weighted clusters, mirror policies,
 * TCP proxy, gRPC services of ADS and extensions, HTTP URIs, tracers, stats sinks), plus names quoted in
 * strings (Lua code calling a cluster). When clusters can be chosen at run time (cluster_header, a cluster
 * specifier plugin) or routes come from elsewhere (LDS, RDS, scoped routes), no cluster is reported unused.
 */
final class ClusterUsage {
    private static final Set<String> REF_FIELDS = Set.of("cluster", "cluster_name", "cluster_names");
    private static final Set<String> DYNAMIC = Set.of("cluster_header", "cluster_specifier_plugin",
            "inline_cluster_specifier_plugin", "rds", "scoped_routes");
    private static final Set<String> ENDPOINT_TYPES = Set.of("STATIC", "STRICT_DNS", "LOGICAL_DNS", "0", "1", "2");

    private ClusterUsage() {
    }

    static void check(ConfigIndex ix, Reporter r) {
        withoutEndpoints(ix, r);
        if (ix.resourceFile || ix.dynamicListeners) {
            return;
        }
        Refs refs = new Refs();
        refs.walk(ix.bootstrap == null ? null : ix.bootstrap.map(), "", null);
        if (refs.dynamic) {
            return;
        }
        for (ConfigIndex.Node c : ix.clusters) {
            String name = c.str("name");
            if (name == null || name.isEmpty() || refs.names.contains(name) || refs.quoted(name)) {
                continue;
            }
            r.atValue(DiagnosticCode.UNUSED_CLUSTER, c.at("name"), "cluster '" + name + "' is never used: no route, "
                    + "weighted cluster, mirror policy, TCP proxy or xDS/admin config refers to it",
                    "remove it, or route traffic to it");
        }
    }

    private static void withoutEndpoints(ConfigIndex ix, Reporter r) {
        for (ConfigIndex.Node c : ix.clusters) {
            if (Tree.get(c.map(), "cluster_type") != null) {
                continue;
            }
            Object typeValue = Tree.get(c.map(), "type");
            String type = typeValue == null ? "STATIC" : Tree.enumValue(typeValue);
            if (type == null || !ENDPOINT_TYPES.contains(type) || endpoints(c.map()) > 0) {
                continue;
            }
            String name = c.str("name");
            r.atValue(DiagnosticCode.CLUSTER_WITHOUT_ENDPOINTS, Tree.key(c.map(), "name") != null ? c.at("name")
                    : c.pointer(), "cluster '" + name + "' (" + (typeValue == null ? "STATIC" : Tree.text(typeValue))
                    + ") has no endpoints: requests routed to it fail with 503 (no healthy upstream)",
                    "add load_assignment.endpoints[].lb_endpoints[].endpoint.address, or use type: EDS");
        }
    }

    private static int endpoints(Map<String, Object> cluster) {
        int n = 0;
        Map<String, Object> la = Tree.mapField(cluster, "load_assignment");
        if (la != null) {
            for (Tree.Item locality : Tree.items(la, "", "endpoints")) {
                n += Tree.items(locality.map(), "", "lb_endpoints").size();
            }
        }
        if (Tree.get(cluster, "hosts") instanceof List<?> hosts) {
            n += hosts.size(); // v2 form, when checking a file that was not upgraded
        }
        return n;
    }

    /** Cluster names referred to anywhere, and strings that may name clusters (Lua code). */
    private static final class Refs {
        private static final Pattern QUOTED = Pattern.compile("[\"']([^\"'\\s]{1,256})[\"']");

        final Set<String> names = new HashSet<>();
        final Set<String> quoted = new HashSet<>();
        boolean dynamic;

        void walk(Object node, String pointer, String key) {
            Map<String, Object> m = Tree.map(node);
            if (m != null) {
                for (Map.Entry<String, Object> e : m.entrySet()) {
                    String k = Tree.snake(e.getKey());
                    String p = JsonPointer.child(pointer, e.getKey());
                    if (DYNAMIC.contains(k)) {
                        dynamic = true;
                    }
                    if (isSelfReference(p, k)) {
                        continue;
                    }
                    if (REF_FIELDS.contains(k) || k.endsWith("_cluster") || k.endsWith("_cluster_name")) {
                        collect(e.getValue());
                    }
                    if (k.equals("name") && "clusters".equals(key) && pointer.contains("weighted_clusters")) {
                        collect(e.getValue());
                    }
                    walk(e.getValue(), p, k);
                }
            } else if (node instanceof List<?> l) {
                for (int i = 0; i < l.size(); i++) {
                    walk(l.get(i), JsonPointer.child(pointer, i), key);
                }
            } else if (node instanceof String s && (s.indexOf('"') >= 0 || s.indexOf('\'') >= 0)) {
                Matcher q = QUOTED.matcher(s);
                while (q.find()) {
                    quoted.add(q.group(1));
                }
            }
        }

        /** A cluster's own load_assignment.cluster_name is not a use. */
        private static boolean isSelfReference(String pointer, String key) {
            return key.equals("cluster_name") && JsonPointer.parent(pointer).endsWith("load_assignment");
        }

        private void collect(Object v) {
            if (v instanceof String s) {
                names.add(s);
            } else if (v instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof String s) {
                        names.add(s);
                    }
                }
            }
        }

        boolean quoted(String name) {
            return quoted.contains(name);
        }
    }
}
