package io.proxyctl.upstream;

import io.proxyctl.config.model.Cluster;
import io.proxyctl.stats.StatsStore;
import io.proxyctl.transport.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Owns every cluster of the running config, keyed by name, and the DNS resolver that keeps DNS clusters fresh. A
 * config reload goes through {@link #prepare} (build what changed, nothing visible yet), {@link Update#start}
 * (resolve and health-check the new clusters) and {@link #commit} (swap the set in one step, retire the old ones).
 *
 * <pre>
 * ClusterManager cm = new ClusterManager(bootstrap.clusters(), stats, workers);
 * cm.start(Duration.ofSeconds(5));   // waits for the first DNS answers
 * UpstreamCluster web = cm.cluster("web");
 * </pre>
 */
public final class ClusterManager implements AutoCloseable {
    // Immutable, replaced whole by a reload: lookups never see a half-applied set.
    private volatile Map<String, UpstreamCluster> clusters;
    private final DnsResolver dns = new DnsResolver();
    private final StatsStore stats;
    private final Workers workers;

    /** Creates the clusters; throws IllegalArgumentException naming the cluster for bad TLS or addresses. */
    public ClusterManager(List<Cluster> configs, StatsStore stats, Workers workers) {
        this.stats = stats;
        this.workers = workers;
        Map<String, UpstreamCluster> m = new LinkedHashMap<>();
        for (Cluster c : configs) {
            if (m.containsKey(c.name())) {
                throw new IllegalArgumentException("cluster manager: duplicate cluster '" + c.name() + "'");
            }
            m.put(c.name(), new UpstreamCluster(c, stats, workers));
        }
        this.clusters = Collections.unmodifiableMap(m);
        stats.gauge("cluster_manager.active_clusters").set(m.size());
        stats.counter("cluster_manager.cluster_added").add(m.size());
    }

    /** Starts DNS resolution and waits up to {@code initialWait} for every DNS cluster's first answer. */
    public void start(Duration initialWait) {
        startAll(clusters.values(), initialWait);
    }

    private void startAll(Collection<UpstreamCluster> toStart, Duration wait) {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (UpstreamCluster c : toStart) {
            c.startDns(dns);
            c.startHealthChecks();
            all.add(c.initialized());
        }
        try {
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Clusters still resolving start empty (503 UH) and fill in when DNS answers.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The cluster, or null. */
    public UpstreamCluster cluster(String name) {
        return clusters.get(name);
    }

    public Collection<UpstreamCluster> clusters() {
        return clusters.values();
    }

    /**
     * Builds the cluster set of a new config: clusters not in {@code changed} and present now are kept as they
     * are (pools, health-check and outlier state); the others are created but not started. Nothing is visible
     * to the data plane until {@link #commit}.
     *
     * @param changed names whose configuration differs from the running one
     * @throws IllegalArgumentException naming the cluster when one cannot be built (bad TLS, address)
     */
    public Update prepare(List<Cluster> configs, Set<String> changed) {
        Map<String, UpstreamCluster> current = clusters;
        Map<String, UpstreamCluster> next = new LinkedHashMap<>();
        List<UpstreamCluster> created = new ArrayList<>();
        List<UpstreamCluster> replaced = new ArrayList<>();
        try {
            for (Cluster c : configs) {
                if (next.containsKey(c.name())) {
                    throw new IllegalArgumentException("cluster manager: duplicate cluster '" + c.name() + "'");
                }
                UpstreamCluster old = current.get(c.name());
                if (old != null && !changed.contains(c.name())) {
                    next.put(c.name(), old);
                    continue;
                }
                UpstreamCluster fresh = new UpstreamCluster(c, stats, workers);
                created.add(fresh);
                next.put(c.name(), fresh);
                if (old != null) {
                    replaced.add(old);
                }
            }
        } catch (RuntimeException e) {
            created.forEach(UpstreamCluster::stop);
            throw e;
        }
        List<UpstreamCluster> removed = new ArrayList<>();
        for (UpstreamCluster old : current.values()) {
            if (!next.containsKey(old.name())) {
                removed.add(old);
            }
        }
        return new Update(Collections.unmodifiableMap(next), created, replaced, removed);
    }

    /**
     * Makes {@code u}'s set the running one and retires the clusters it replaced or removed: they stop health
     * checking and resolving, close their idle connections now and each busy one when its request ends, so
     * in-flight requests finish.
     */
    public void commit(Update u) {
        clusters = u.next;
        for (UpstreamCluster old : u.replaced) {
            old.stop();
        }
        for (UpstreamCluster old : u.removed) {
            old.stop();
        }
        stats.counter("cluster_manager.cluster_added").add(u.created.size() - u.replaced.size());
        stats.counter("cluster_manager.cluster_modified").add(u.replaced.size());
        stats.counter("cluster_manager.cluster_removed").add(u.removed.size());
        stats.gauge("cluster_manager.active_clusters").set(u.next.size());
    }

    /** Stops DNS refreshes and closes idle upstream connections. */
    @Override
    public void close() {
        dns.close();
        for (UpstreamCluster c : clusters.values()) {
            c.stop();
        }
    }

    /** A prepared cluster set: what a reload adds, replaces and removes. */
    public final class Update {
        private final Map<String, UpstreamCluster> next;
        private final List<UpstreamCluster> created;
        private final List<UpstreamCluster> replaced;
        private final List<UpstreamCluster> removed;

        private Update(Map<String, UpstreamCluster> next, List<UpstreamCluster> created, List<UpstreamCluster> replaced,
                       List<UpstreamCluster> removed) {
            this.next = next;
            this.created = List.copyOf(created);
            this.replaced = List.copyOf(replaced);
            this.removed = List.copyOf(removed);
        }

        /** The cluster of the new set, or null: what the new config's routes resolve against. */
        public UpstreamCluster cluster(String name) {
            return next.get(name);
        }

        /** Starts resolution and health checks of the created clusters, waiting up to {@code wait} for DNS. */
        public void start(Duration wait) {
            startAll(created, wait);
        }

        /** Discards the created clusters (the reload was rejected). */
        public void abort() {
            created.forEach(UpstreamCluster::stop);
            replaced.forEach(UpstreamCluster::republishStats);
        }

        /** Names of clusters that are new (not in the running set). */
        public List<String> added() {
            List<String> out = new ArrayList<>();
            for (UpstreamCluster c : created) {
                if (replaced.stream().noneMatch(r -> r.name().equals(c.name()))) {
                    out.add(c.name());
                }
            }
            return out;
        }

        /** Names of clusters whose new config replaces a running cluster. */
        public List<String> modified() {
            return replaced.stream().map(UpstreamCluster::name).toList();
        }

        /** Names of running clusters the new config drops. */
        public List<String> removed() {
            return removed.stream().map(UpstreamCluster::name).toList();
        }
    }
}
