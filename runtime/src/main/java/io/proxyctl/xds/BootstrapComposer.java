package io.proxyctl.xds;

import io.proxyctl.config.tree.Tree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Composes the bootstrap and the xDS state of the world into one static-equivalent bootstrap tree, the input of a
 * whole-config reload: {@code dynamic_resources} is dropped, LDS listeners and CDS clusters join the static ones,
 * each HCM's {@code rds} becomes an inline {@code route_config} (with {@code validate_clusters: false} unless set,
 * Envoy's default for RDS) and each EDS cluster becomes a STATIC cluster whose {@code load_assignment} is its
 * ClusterLoadAssignment.
 *
 * <p>Warming: a cluster whose load assignment or a listener whose route configuration has not arrived yet is
 * left out (its previous active version stays, if any) until it arrives or {@code warmingExpired} says its
 * initial fetch timeout passed; then it is activated with no endpoints or no virtual hosts, as Envoy does.
 */
public final class BootstrapComposer {
    /**
     * One composition.
     *
     * @param tree              the static-equivalent bootstrap
     * @param activeClusters    composed trees of the clusters served, by name (static and dynamic)
     * @param activeListeners   composed trees of the listeners served, by name
     * @param warmingClusters   names of clusters waiting for their load assignment
     * @param warmingListeners  names of listeners waiting for a route configuration
     */
    public record Composition(Map<String, Object> tree, Map<String, Map<String, Object>> activeClusters,
                              Map<String, Map<String, Object>> activeListeners, Set<String> warmingClusters,
                              Set<String> warmingListeners) {
    }

    private final Map<String, Object> bootstrap;

    /** @param bootstrap the v3 bootstrap tree as loaded, with its dynamic_resources */
    public BootstrapComposer(Map<String, Object> bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** The statically configured listeners and clusters of the bootstrap. */
    public List<Map<String, Object>> staticResources(String field) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Tree.Item i : Tree.items(Tree.mapField(bootstrap, "static_resources"), "", field)) {
            if (i.map() != null) {
                out.add(i.map());
            }
        }
        return out;
    }

    /**
     * Composes {@code snapshot} over the bootstrap.
     *
     * @param previous       the last applied composition (its active versions stand in for warming ones), or null
     * @param warmingExpired tells, by resource name, whether a warming resource's initial fetch timeout passed
     */
    public Composition compose(XdsSnapshot snapshot, Composition previous, Predicate<String> warmingExpired) {
        Map<String, Map<String, Object>> clusters = new LinkedHashMap<>();
        Set<String> warmingClusters = new LinkedHashSet<>();
        List<Map<String, Object>> clusterTrees = new ArrayList<>(staticResources("clusters"));
        snapshot.resources(XdsType.CLUSTER).values().forEach(r -> clusterTrees.add(r.tree()));
        for (Map<String, Object> c : clusterTrees) {
            String name = Tree.strField(c, "name");
            Map<String, Object> composed = cluster(c, snapshot, warmingExpired);
            if (composed != null) {
                clusters.put(name, composed);
            } else {
                warmingClusters.add(name);
                if (previous != null && previous.activeClusters().containsKey(name)) {
                    clusters.put(name, previous.activeClusters().get(name));
                }
            }
        }
        Map<String, Map<String, Object>> listeners = new LinkedHashMap<>();
        Set<String> warmingListeners = new LinkedHashSet<>();
        List<Map<String, Object>> listenerTrees = new ArrayList<>(staticResources("listeners"));
        snapshot.resources(XdsType.LISTENER).values().forEach(r -> listenerTrees.add(r.tree()));
        for (Map<String, Object> l : listenerTrees) {
            String name = Tree.strField(l, "name");
            Map<String, Object> composed = listener(l, snapshot, warmingExpired);
            if (composed != null && !warmingExpired.test(name)
                    && routedClusters(composed).stream().anyMatch(warmingClusters::contains)) {
                // Routes to a cluster still waiting for its endpoints would fail: keep serving the previous version.
                composed = null;
            }
            if (composed != null) {
                listeners.put(name, composed);
            } else {
                warmingListeners.add(name);
                if (previous != null && previous.activeListeners().containsKey(name)) {
                    listeners.put(name, previous.activeListeners().get(name));
                }
            }
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : bootstrap.entrySet()) {
            String key = Tree.snake(e.getKey());
            if (!key.equals("dynamic_resources") && !key.equals("static_resources")) {
                tree.put(e.getKey(), Trees.copy(e.getValue()));
            }
        }
        Map<String, Object> statics = new LinkedHashMap<>();
        Map<String, Object> original = Tree.mapField(bootstrap, "static_resources");
        if (original != null) {
            for (Map.Entry<String, Object> e : original.entrySet()) {
                String key = Tree.snake(e.getKey());
                if (!key.equals("listeners") && !key.equals("clusters")) {
                    statics.put(e.getKey(), Trees.copy(e.getValue()));
                }
            }
        }
        statics.put("listeners", new ArrayList<Object>(listeners.values()));
        statics.put("clusters", new ArrayList<Object>(clusters.values()));
        tree.put("static_resources", statics);
        return new Composition(tree, clusters, listeners, warmingClusters, warmingListeners);
    }

    /** The cluster as served, or null while it warms. */
    private static Map<String, Object> cluster(Map<String, Object> c, XdsSnapshot s, Predicate<String> expired) {
        String service = XdsSnapshot.edsServiceName(c);
        if (service == null) {
            return Trees.copyMap(c);
        }
        String name = Tree.strField(c, "name");
        XdsResource cla = s.resources(XdsType.ENDPOINT).get(service);
        if (cla == null && !expired.test(name)) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : c.entrySet()) {
            String key = Tree.snake(e.getKey());
            if (key.equals("type")) {
                out.put(e.getKey(), "STATIC");
            } else if (!key.equals("eds_cluster_config") && !key.equals("load_assignment")) {
                out.put(e.getKey(), Trees.copy(e.getValue()));
            }
        }
        Map<String, Object> assignment = cla == null ? new LinkedHashMap<>() : Trees.copyMap(cla.tree());
        assignment.remove("clusterName");
        assignment.put("cluster_name", name);
        out.put("load_assignment", assignment);
        return out;
    }

    /** The clusters the routes of a composed listener's connection managers name. */
    static Set<String> routedClusters(Map<String, Object> listener) {
        Set<String> out = new LinkedHashSet<>();
        for (Map<String, Object> hcm : Hcms.of(listener)) {
            Map<String, Object> rc = Tree.mapField(hcm, "route_config");
            for (Tree.Item vh : Tree.items(rc, "", "virtual_hosts")) {
                for (Tree.Item r : Tree.items(vh.value(), "", "routes")) {
                    Map<String, Object> action = Tree.mapField(r.value(), "route");
                    String cluster = Tree.strField(action, "cluster");
                    if (cluster != null) {
                        out.add(cluster);
                    }
                    for (Tree.Item w : Tree.items(Tree.mapField(action, "weighted_clusters"), "", "clusters")) {
                        String n = Tree.strField(w.value(), "name");
                        if (n != null) {
                            out.add(n);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The listener as served (RDS inlined), or null while it warms. */
    private static Map<String, Object> listener(Map<String, Object> l, XdsSnapshot s, Predicate<String> expired) {
        Map<String, Object> out = Trees.copyMap(l);
        for (Map<String, Object> hcm : Hcms.of(out)) {
            Map<String, Object> rds = Tree.mapField(hcm, "rds");
            if (rds == null) {
                continue;
            }
            String routeName = Tree.strField(rds, "route_config_name");
            XdsResource rc = routeName == null ? null : s.resources(XdsType.ROUTE).get(routeName);
            if (rc == null && !expired.test(Tree.strField(l, "name"))) {
                return null;
            }
            Map<String, Object> config = rc == null ? new LinkedHashMap<>() : Trees.copyMap(rc.tree());
            if (rc == null && routeName != null) {
                config.put("name", routeName);
            }
            if (Tree.key(config, "validate_clusters") == null) {
                // Envoy does not check an RDS route configuration's clusters: they may arrive later over CDS.
                config.put("validate_clusters", false);
            }
            hcm.remove(Tree.key(hcm, "rds"));
            hcm.put("route_config", config);
        }
        return out;
    }
}
