package io.proxyctl.server;

import io.proxyctl.config.bind.BindException;
import io.proxyctl.config.bind.BootstrapBinder;
import io.proxyctl.config.diff.Resource;
import io.proxyctl.config.diff.ResourceKind;
import io.proxyctl.config.diff.ResourceSet;
import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.Position;
import io.proxyctl.config.load.SourceMap;
import io.proxyctl.config.model.Bootstrap;
import io.proxyctl.config.model.Cluster;
import io.proxyctl.config.model.FilterChain;
import io.proxyctl.config.model.Listener;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import io.proxyctl.config.validate.Severity;
import io.proxyctl.config.validate.ValidationReport;
import io.proxyctl.network.ActiveListener;
import io.proxyctl.network.ListenerBindException;
import io.proxyctl.network.NetworkFilterFactory;
import io.proxyctl.upstream.ClusterManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a new configuration to a running {@link ProxyServer}: validates it with the {@code validate} pipeline,
 * builds everything that changed (clusters, filter chains, route tables, sockets of new listeners) without touching
 * what is served, and only when all of that succeeded swaps it in. Listeners and clusters are matched by name;
 * clusters are compared normalised as {@code proxyctl diff} does ({@link ResourceSet}), listeners on their v3 tree; route tables of every kept listener are recompiled against the new cluster
 * set (they hold the clusters they route to), and established connections switch to them for their next request.
 * One reload at a time (the caller serializes).
 */
final class ConfigReloader {
    private final ProxyServer server;
    private final ConfigValidator validator;

    ConfigReloader(ProxyServer server, ConfigValidator validator) {
        this.server = server;
        this.validator = validator;
    }

    /** Validates and applies {@code loaded}; the running config stays untouched unless the result is applied. */
    ReloadResult reload(LoadResult loaded) {
        ValidationReport report = validator.validate(loaded);
        if (!report.valid() || report.v3() == null) {
            return ReloadResult.rejected(report.diagnostics());
        }
        ConfigSource v3 = report.v3();
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) v3.root();
        Bootstrap next;
        try {
            next = BootstrapBinder.bind(tree);
        } catch (BindException e) {
            return ReloadResult.rejected(List.of(error(report.file(), v3, e.pointer(), e.getMessage())));
        }
        List<Diagnostic> warnings = new ArrayList<>(report.warnings());
        Map<String, Object> oldTree = server.configTree();
        if (!Objects.equals(withoutStaticResources(oldTree), withoutStaticResources(tree))) {
            warnings.add(new Diagnostic(report.file(), 0, 0, Severity.WARNING, DiagnosticCode.NOT_IMPLEMENTED,
                    "only static_resources (listeners and clusters) are reloaded; changes elsewhere (admin, node, "
                            + "stats, overload_manager...) take effect on restart", "", null));
        }
        return apply(report.file(), v3, tree, next, warnings);
    }

    private ReloadResult apply(String file, ConfigSource v3, Map<String, Object> tree, Bootstrap next,
                               List<Diagnostic> warnings) {
        Map<String, Object> oldTree = server.configTree();
        Map<String, Object> oldListenerTrees = byName(oldTree, "listeners", server.bootstrap().listeners().stream()
                .map(Listener::name).toList());
        Map<String, Object> newListenerTrees = byName(tree, "listeners", next.listeners().stream()
                .map(Listener::name).toList());
        Map<String, Object> oldClusterTrees = byName(oldTree, "clusters", server.bootstrap().clusters().stream()
                .map(Cluster::name).toList());
        Map<String, Object> newClusterTrees = byName(tree, "clusters", next.clusters().stream().map(Cluster::name).toList());
        Set<String> changedClusters = changedClusters(oldTree, v3, next, oldClusterTrees, newClusterTrees);
        ClusterManager.Update clusters;
        try {
            clusters = server.clusterManager().prepare(next.clusters(), changedClusters);
        } catch (RuntimeException e) {
            return ReloadResult.rejected(List.of(error(file, v3, "/static_resources/clusters", e.getMessage())));
        }
        FilterChainFactories chains = server.filterChainFactories(clusters::cluster);
        Map<String, ActiveListener> running = new LinkedHashMap<>();
        for (ActiveListener l : server.listenerManager().listeners()) {
            running.put(l.config().name(), l);
        }
        List<ActiveListener> nextActive = new ArrayList<>();
        List<ActiveListener> toBind = new ArrayList<>();
        List<Runnable> inPlace = new ArrayList<>();
        List<ActiveListener> retire = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        List<String> rebound = new ArrayList<>();
        Set<ActiveListener> kept = new HashSet<>();
        Map<String, ActiveListener> byAddress = new HashMap<>();
        for (ActiveListener l : running.values()) {
            if (l.config().address().port() != 0) {
                byAddress.put(l.config().address().toString(), l);
            }
        }
        try {
            for (int i = 0; i < next.listeners().size(); i++) {
                Listener nl = next.listeners().get(i);
                Built built = build(chains, nl);
                ActiveListener old = running.get(nl.name());
                if (old == null && nl.address().port() != 0) {
                    // A renamed listener on the same address keeps the socket (binding it again would fail).
                    ActiveListener sameAddress = byAddress.get(nl.address().toString());
                    if (sameAddress != null && !next.listeners().stream().anyMatch(
                            x -> x.name().equals(sameAddress.config().name()))) {
                        old = sameAddress;
                    }
                }
                if (old != null && !kept.contains(old) && old.config().address().equals(nl.address())) {
                    ActiveListener target = old;
                    kept.add(old);
                    nextActive.add(old);
                    boolean changed = oldTree == null || !old.config().name().equals(nl.name())
                            || !Objects.equals(oldListenerTrees.get(nl.name()), newListenerTrees.get(nl.name()));
                    if (changed) {
                        modified.add(nl.name());
                    }
                    inPlace.add(() -> target.update(nl, built.factories, built.defaultChain, server.healthCheckFailed()));
                    continue;
                }
                ActiveListener fresh = server.newActiveListener(nl, built.factories, built.defaultChain);
                toBind.add(fresh);
                nextActive.add(fresh);
                if (old != null) {
                    kept.add(old);
                    retire.add(old);
                    modified.add(nl.name());
                    rebound.add(nl.name());
                } else {
                    added.add(nl.name());
                }
            }
        } catch (RuntimeException e) {
            clusters.abort();
            return ReloadResult.rejected(List.of(error(file, v3, "/static_resources/listeners", e.getMessage())));
        }
        List<String> removed = new ArrayList<>();
        for (ActiveListener l : running.values()) {
            if (!kept.contains(l)) {
                retire.add(l);
                removed.add(l.config().name());
            }
        }
        try {
            server.listenerManager().bindNew(toBind);
        } catch (ListenerBindException e) {
            clusters.abort();
            server.serverStats().listenerCreateFailed();
            return ReloadResult.rejected(List.of(error(file, v3, "/static_resources/listeners", e.getMessage())));
        }
        // From here on nothing can fail: warm the new clusters, then swap clusters, chains and listeners.
        clusters.start(server.options().initialDnsWait());
        server.clusterManager().commit(clusters);
        inPlace.forEach(Runnable::run);
        server.listenerManager().replaceActive(nextActive);
        if (server.healthCheckFailed()) {
            server.listenerManager().setHealthCheckFailed(true);
        }
        server.configApplied(next, tree);
        server.serverStats().listenersChanged(added.size(), modified.size(), removed.size(), toBind.size()
                + modified.size() - rebound.size(), nextActive.size());
        server.serverStats().listenersDraining(retire.size());
        server.listenerManager().retire(retire, () -> server.serverStats().listenersDraining(-retire.size()));
        ReloadResult.Changes changes = new ReloadResult.Changes(added, modified, removed, rebound, clusters.added(),
                clusters.modified(), clusters.removed());
        return new ReloadResult(true, warnings, changes);
    }

    /**
     * Clusters whose configuration differs, compared as {@code proxyctl diff} does (normalised: defaults dropped,
     * durations and enums canonical, endpoints included), so that rewriting a cluster the same way keeps its pools
     * and health state. With no running tree (a server started without one) every cluster counts as changed.
     */
    private static Set<String> changedClusters(Map<String, Object> oldTree, ConfigSource v3, Bootstrap next,
                                               Map<String, Object> oldRaw, Map<String, Object> newRaw) {
        Set<String> changed = new HashSet<>();
        if (oldTree == null) {
            next.clusters().forEach(c -> changed.add(c.name()));
            return changed;
        }
        ResourceSet before;
        ResourceSet after;
        try {
            before = ResourceSet.fromBootstrap(new ConfigSource("running", "", oldTree, new SourceMap()));
            after = ResourceSet.fromBootstrap(v3);
        } catch (RuntimeException e) {
            // The normaliser is a reporting tool: if it cannot read a tree, compare the trees as they are.
            for (Cluster c : next.clusters()) {
                if (!Objects.equals(oldRaw.get(c.name()), newRaw.get(c.name()))) {
                    changed.add(c.name());
                }
            }
            return changed;
        }
        for (Cluster c : next.clusters()) {
            if (!Objects.equals(value(before, ResourceKind.CLUSTER, c.name()), value(after, ResourceKind.CLUSTER, c.name()))
                    || !Objects.equals(value(before, ResourceKind.ENDPOINTS, c.name()),
                            value(after, ResourceKind.ENDPOINTS, c.name()))) {
                changed.add(c.name());
            }
        }
        return changed;
    }

    private static Object value(ResourceSet set, ResourceKind kind, String name) {
        Resource r = set.resources(kind).get(name);
        return r == null ? null : r.value();
    }

    /** One listener's filter chains compiled against the new cluster set. */
    private record Built(List<NetworkFilterFactory> factories, NetworkFilterFactory defaultChain) {
    }

    private static Built build(FilterChainFactories chains, Listener l) {
        List<NetworkFilterFactory> factories = new ArrayList<>();
        for (int i = 0; i < l.filterChains().size(); i++) {
            FilterChain fc = l.filterChains().get(i);
            factories.add(chains.create(l, fc, "filter chain " + (fc.name().isEmpty() ? "#" + i : "'" + fc.name() + "'")));
        }
        NetworkFilterFactory def = l.defaultFilterChain() == null ? null
                : chains.create(l, l.defaultFilterChain(), "default filter chain");
        return new Built(factories, def);
    }

    /** The listener or cluster subtrees of {@code tree} keyed by the bound names (the binder keeps their order). */
    private static Map<String, Object> byName(Map<String, Object> tree, String kind, List<String> names) {
        Map<String, Object> out = new HashMap<>();
        if (tree == null || !(tree.get("static_resources") instanceof Map<?, ?> sr) || !(sr.get(kind) instanceof List<?> items)) {
            return out;
        }
        for (int i = 0; i < Math.min(items.size(), names.size()); i++) {
            out.put(names.get(i), items.get(i));
        }
        return out;
    }

    private static Map<String, Object> withoutStaticResources(Map<String, Object> tree) {
        if (tree == null) {
            return null;
        }
        Map<String, Object> copy = new LinkedHashMap<>(tree);
        copy.remove("static_resources");
        return copy;
    }

    private static Diagnostic error(String file, ConfigSource v3, String pointer, String message) {
        Position p = pointer == null || pointer.isEmpty() ? null : v3.sourceMap().value(pointer);
        return new Diagnostic(file, p == null ? 0 : p.line(), p == null ? 0 : p.column(), Severity.ERROR,
                DiagnosticCode.RELOAD_REJECTED, message == null ? "cannot apply the config" : message,
                pointer, "the running config was kept; fix the config and reload again");
    }

    static String describe(Diagnostic d) {
        return d.file() + (d.line() > 0 ? ":" + d.line() + ":" + d.column() : "") + ": "
                + d.severity().name().toLowerCase(java.util.Locale.ROOT) + "[" + d.code().id() + "]: " + d.message()
                + (d.pointer().isEmpty() ? "" : " (at " + d.path() + ")");
    }
}
