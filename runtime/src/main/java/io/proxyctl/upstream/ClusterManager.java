package io.proxyctl.upstream;

import io.proxyctl.config.model.Cluster;
import io.proxyctl.stats.StatsStore;
import io.proxyctl.transport.Workers;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Owns every cluster of the bootstrap, keyed by name, and the DNS resolver that keeps DNS clusters fresh.
 *
 * <pre>
 * ClusterManager cm = new ClusterManager(bootstrap.clusters(), stats, workers);
 * cm.start(Duration.ofSeconds(5));   // waits for the first DNS answers
 * UpstreamCluster web = cm.cluster("web");
 * </pre>
 */
public final class ClusterManager implements AutoCloseable {
    private final Map<String, UpstreamCluster> clusters = new LinkedHashMap<>();
    private final DnsResolver dns = new DnsResolver();

    /** Creates the clusters; throws IllegalArgumentException naming the cluster for bad TLS or addresses. */
    public ClusterManager(List<Cluster> configs, StatsStore stats, Workers workers) {
        for (Cluster c : configs) {
            if (clusters.containsKey(c.name())) {
                throw new IllegalArgumentException("cluster manager: duplicate cluster '" + c.name() + "'");
            }
            clusters.put(c.name(), new UpstreamCluster(c, stats, workers));
        }
        stats.gauge("cluster_manager.active_clusters").set(clusters.size());
        stats.counter("cluster_manager.cluster_added").add(clusters.size());
    }

    /** Starts DNS resolution and waits up to {@code initialWait} for every DNS cluster's first answer. */
    public void start(Duration initialWait) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[clusters.size()];
        int i = 0;
        for (UpstreamCluster c : clusters.values()) {
            c.startDns(dns);
            c.startHealthChecks();
            all[i++] = c.initialized();
        }
        try {
            CompletableFuture.allOf(all).get(initialWait.toMillis(), TimeUnit.MILLISECONDS);
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
        return Collections.unmodifiableCollection(clusters.values());
    }

    /** Stops DNS refreshes and closes idle upstream connections. */
    @Override
    public void close() {
        dns.close();
        for (UpstreamCluster c : clusters.values()) {
            c.stop();
        }
    }
}
