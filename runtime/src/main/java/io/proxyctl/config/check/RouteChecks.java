package io.proxyctl.config.check;

import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.DiagnosticCode;
import io.proxyctl.config.validate.Severity;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Envoy's load-time checks on route configurations: clusters named by routes exist (when validate_clusters is
 * on), at most one "*" domain, no domain twice, and (a warning) no virtual host name twice.
 */
final class RouteChecks {
    private RouteChecks() {
    }

    static void check(ConfigIndex ix, Reporter r) {
        Set<String> clusters = new LinkedHashSet<>();
        for (ConfigIndex.Node c : ix.clusters) {
            String name = c.str("name");
            if (name != null) {
                clusters.add(name);
            }
        }
        // With CDS, or in an xDS resource file, clusters are defined elsewhere: nothing to compare with.
        boolean closedWorld = !ix.dynamicClusters && !ix.resourceFile;
        for (ConfigIndex.RouteConfig rc : ix.routeConfigs) {
            if (closedWorld && Tree.bool(rc.node().map(), "validate_clusters", rc.inline())) {
                clusterReferences(rc, clusters, r);
            }
            domains(rc, r);
        }
    }

    private static void clusterReferences(ConfigIndex.RouteConfig rc, Set<String> clusters, Reporter r) {
        for (Tree.Item vh : Tree.items(rc.node().map(), rc.node().pointer(), "virtual_hosts")) {
            String where = where(vh.map(), rc);
            for (Tree.Item route : Tree.items(vh.map(), vh.pointer(), "routes")) {
                ConfigIndex.Node action = child(route, "route");
                if (action == null) {
                    continue;
                }
                unknown(action, "cluster", "cluster", clusters, where, r);
                Map<String, Object> wc = Tree.mapField(action.map(), "weighted_clusters");
                if (wc != null) {
                    for (Tree.Item w : Tree.items(wc, action.at("weighted_clusters"), "clusters")) {
                        if (w.map() != null) {
                            unknown(new ConfigIndex.Node(w.pointer(), w.map()), "name", "weighted cluster", clusters,
                                    where, r);
                        }
                    }
                }
                for (Tree.Item m : Tree.items(action.map(), action.pointer(), "request_mirror_policies")) {
                    if (m.map() != null) {
                        unknown(new ConfigIndex.Node(m.pointer(), m.map()), "cluster", "shadow cluster", clusters,
                                where, r);
                    }
                }
            }
        }
    }

    private static void unknown(ConfigIndex.Node owner, String field, String kind, Set<String> clusters, String where,
                                Reporter r) {
        String name = owner.str(field);
        if (name == null || name.isEmpty() || clusters.contains(name)) {
            return;
        }
        String guess = DidYouMean.closest(name, clusters);
        String suggestion = guess != null ? "did you mean '" + guess + "'?"
                : clusters.isEmpty() ? "define a cluster named '" + name + "' under static_resources.clusters"
                : "define a cluster named '" + name + "' (defined: " + list(clusters) + "), or set "
                        + "validate_clusters: false if it comes from CDS";
        r.atValue(DiagnosticCode.UNKNOWN_CLUSTER, owner.at(field), "route: unknown " + kind + " '" + name + "' ("
                + where + ")", suggestion);
    }

    private static void domains(ConfigIndex.RouteConfig rc, Reporter r) {
        String rcName = Tree.strField(rc.node().map(), "name");
        String shown = rcName == null ? "" : rcName;
        Map<String, String> seen = new HashMap<>(); // lower-cased domain -> virtual host name
        Map<String, String> seenAt = new HashMap<>();
        String wildcardHost = null;
        String wildcardAt = null;
        Map<String, String> vhostNames = new HashMap<>();
        for (Tree.Item vh : Tree.items(rc.node().map(), rc.node().pointer(), "virtual_hosts")) {
            Map<String, Object> v = vh.map();
            if (v == null) {
                continue;
            }
            String vhName = Tree.strField(v, "name");
            String vhShown = vhName == null ? "" : vhName;
            String namePtr = Tree.field(vh.pointer(), v, "name");
            if (vhName != null && !vhName.isEmpty()) {
                String first = vhostNames.putIfAbsent(vhName, namePtr);
                if (first != null) {
                    // Envoy accepts this; the two hosts then share vhost.<name>.* stats.
                    r.atValue(DiagnosticCode.DUPLICATE_VIRTUAL_HOST, Severity.WARNING, namePtr, "virtual host name '"
                            + vhName + "' is used twice in route configuration '" + shown + "' (first at line "
                            + r.line(first) + ")", "give each virtual host its own name; they share vhost." + vhName
                            + ".* statistics");
                }
            }
            Object domains = Tree.get(v, "domains");
            if (!(domains instanceof List<?> list)) {
                continue;
            }
            String domainsPtr = Tree.field(vh.pointer(), v, "domains");
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String d)) {
                    continue;
                }
                String p = domainsPtr + "/" + i;
                String lower = d.toLowerCase(Locale.ROOT);
                if (lower.equals("*")) {
                    if (wildcardHost != null) {
                        r.atValue(DiagnosticCode.MULTIPLE_WILDCARD_DOMAINS, p, "Only a single wildcard domain is "
                                + "permitted in route " + shown + " (virtual host '" + vhShown + "' repeats the '*' of '"
                                + wildcardHost + "' at line " + r.line(wildcardAt) + ")",
                                "keep '*' on one catch-all virtual host and list explicit domains on the others");
                    } else {
                        wildcardHost = vhShown;
                        wildcardAt = p;
                    }
                    continue;
                }
                String firstHost = seen.putIfAbsent(lower, vhShown);
                if (firstHost != null) {
                    r.atValue(DiagnosticCode.DUPLICATE_DOMAIN, p, "Only unique values for domains are permitted. "
                            + "Duplicate entry of domain " + lower + " in route " + shown,
                            "remove '" + d + "' from virtual host '" + vhShown + "' or from '" + firstHost
                                    + "' (line " + r.line(seenAt.get(lower)) + ")");
                } else {
                    seenAt.put(lower, p);
                }
            }
        }
    }

    private static ConfigIndex.Node child(Tree.Item item, String field) {
        Map<String, Object> m = Tree.mapField(item.map(), field);
        return m == null ? null : new ConfigIndex.Node(Tree.field(item.pointer(), item.map(), field), m);
    }

    private static String where(Map<String, Object> vhost, ConfigIndex.RouteConfig rc) {
        String vh = Tree.strField(vhost, "name");
        String rcName = Tree.strField(rc.node().map(), "name");
        return "virtual host '" + (vh == null ? "" : vh) + "' of route configuration '" + (rcName == null ? "" : rcName)
                + "'";
    }

    private static String list(Set<String> names) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String s : names) {
            if (n++ == 5) {
                sb.append(", ...");
                break;
            }
            sb.append(n > 1 ? ", " : "").append(s);
        }
        return sb.toString();
    }
}
