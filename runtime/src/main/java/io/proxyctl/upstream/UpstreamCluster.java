package io.proxyctl.upstream;

import io.netty.handler.ssl.SslContext;
import io.proxyctl.config.model.UpstreamHttpOptions;
import io.proxyctl.config.model.UpstreamTls;
import io.netty.util.NetUtil;
import io.proxyctl.config.model.Cluster;
import io.proxyctl.config.model.LbEndpoint;
import io.proxyctl.config.model.Locality;
import io.proxyctl.config.model.LocalityLbEndpoints;
import io.proxyctl.stats.StatsStore;
import io.proxyctl.transport.Transport;
import io.proxyctl.transport.Workers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A running cluster: its hosts (a {@link PrioritySet} swapped atomically when DNS changes them), its stats, its
 * TLS context and one {@link ClusterWorker} per event loop.
 */
public final class UpstreamCluster {
    private final Cluster config;
    private final ClusterStats stats;
    private final Transport transport;
    private final SslContext sslContext;
    private final SslContext sslContextH2;
    private final String sni;
    private final ClusterWorker[] workers;
    private final CircuitBreakerState breakers;
    private final CircuitBreakerState highBreakers;
    private volatile PrioritySet prioritySet = PrioritySet.EMPTY;
    private final CompletableFuture<Void> initialized = new CompletableFuture<>();
    private volatile boolean stopped;
    private final List<HealthChecker> healthCheckers = new ArrayList<>();
    private final OutlierDetector outlierDetector;

    UpstreamCluster(Cluster config, StatsStore stats, Workers workers) {
        this.config = config;
        this.stats = new ClusterStats(stats, config.statName(), !config.healthChecks().isEmpty());
        this.breakers = new CircuitBreakerState(config.circuitBreakers().defaultPriority());
        this.highBreakers = new CircuitBreakerState(config.circuitBreakers().highPriority());
        this.stats.circuitBreakers("default", breakers);
        this.stats.circuitBreakers("high", highBreakers);
        this.transport = workers.transport();
        this.sslContext = config.tls() == null ? null : UpstreamTlsFactory.create(config.tls(), config.name());
        UpstreamHttpOptions http = config.http();
        if (config.tls() != null && (http.http2() || http.useDownstreamProtocol())) {
            // HTTP/2 over TLS is negotiated by ALPN: offer h2 when the config names no protocols, as Envoy does.
            UpstreamTls t = config.tls();
            this.sslContextH2 = !t.alpnProtocols().isEmpty() && !http.useDownstreamProtocol() ? sslContext
                    : UpstreamTlsFactory.create(new UpstreamTls(t.sni(), List.of("h2"), t.validation(), t.certificates(),
                    t.minProtocolVersion(), t.maxProtocolVersion(), t.cipherSuites()), config.name());
        } else {
            this.sslContextH2 = null;
        }
        this.sni = config.tls() == null ? "" : config.tls().sni();
        this.workers = new ClusterWorker[workers.size()];
        for (int i = 0; i < workers.size(); i++) {
            this.workers[i] = new ClusterWorker(this, workers.loop(i), i);
        }
        for (io.proxyctl.config.model.HealthCheck hc : config.healthChecks()) {
            healthCheckers.add(new HealthChecker(this, hc, workers.loop(0)));
        }
        this.outlierDetector = config.outlierDetection() == null ? null
                : new OutlierDetector(this, config.outlierDetection(), workers.loop(0), stats);
        if (outlierDetector != null) {
            outlierDetector.start();
        }
        if (config.type() == Cluster.DiscoveryType.STATIC) {
            setHosts(staticHosts());
            initialized.complete(null);
        } else if (config.type() != Cluster.DiscoveryType.STRICT_DNS && config.type() != Cluster.DiscoveryType.LOGICAL_DNS) {
            initialized.complete(null); // EDS / ORIGINAL_DST: not implemented, the cluster stays empty
        }
    }

    public String name() {
        return config.name();
    }

    public Cluster config() {
        return config;
    }

    public ClusterStats stats() {
        return stats;
    }

    Transport transport() {
        return transport;
    }

    SslContext sslContext() {
        return sslContext;
    }

    /** The TLS context for HTTP/2 connections (ALPN h2), or null without TLS. */
    SslContext sslContextH2() {
        return sslContextH2;
    }

    /**
     * Whether a request reaches this cluster over HTTP/2: explicit HTTP/2, or {@code use_downstream_protocol_config}
     * and an HTTP/2 client.
     */
    public boolean http2For(boolean downstreamHttp2) {
        UpstreamHttpOptions h = config.http();
        return h.useDownstreamProtocol() ? downstreamHttp2 : h.http2();
    }

    String sni() {
        return sni;
    }

    int workerCount() {
        return workers.length;
    }

    /** This cluster's state on worker loop {@code index}. */
    public ClusterWorker worker(int index) {
        return workers[index];
    }

    /** The current hosts. */
    public PrioritySet prioritySet() {
        return prioritySet;
    }

    /** The cluster's default-priority circuit breakers (shared by all loops). */
    public CircuitBreakerState breakers() {
        return breakers;
    }

    /** The circuit breakers of routes at HIGH ({@code high}) or DEFAULT priority. */
    public CircuitBreakerState breakers(boolean high) {
        return high ? highBreakers : breakers;
    }

    /** Completes when the first host resolution finished (immediately for static clusters). */
    CompletableFuture<Void> initialized() {
        return initialized;
    }

    LoadBalancer newLoadBalancer() {
        return switch (config.lbPolicy()) {
            case LEAST_REQUEST -> new LeastRequestLoadBalancer(this);
            case RANDOM -> new RandomLoadBalancer(this);
            case RING_HASH -> new RingHashLoadBalancer(this);
            case MAGLEV -> new MaglevLoadBalancer(this);
            default -> new RoundRobinLoadBalancer(this);
        };
    }

    private List<Host> staticHosts() {
        List<Host> hosts = new ArrayList<>();
        for (LocalityLbEndpoints group : config.loadAssignment().endpoints()) {
            for (LbEndpoint ep : group.lbEndpoints()) {
                byte[] ip = NetUtil.createByteArrayFromIpAddressString(ep.address().host());
                if (ip == null) {
                    throw new IllegalArgumentException("cluster '" + name() + "': STATIC endpoint '" + ep.address().host()
                            + "' is not an IP address (use type STRICT_DNS or LOGICAL_DNS for names)");
                }
                try {
                    InetSocketAddress a = new InetSocketAddress(InetAddress.getByAddress(ep.address().host(), ip),
                            ep.address().port());
                    hosts.add(new Host(this, a, ep.hostname(), ep.weight(), group.priority(), group.locality(),
                            ep.healthStatus(), ep.healthCheckPort()));
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("cluster '" + name() + "': bad address " + ep.address(), e);
                }
            }
        }
        return hosts;
    }

    /** Active health checking moved {@code host} into or out of rotation: rebuild the host sets. */
    void setActiveHealth(Host host, boolean healthy) {
        synchronized (this) {
            if (host.failedActiveHealthCheck() != healthy) {
                return;
            }
            host.setFailedActiveHealthCheck(!healthy);
            setHosts(prioritySet.allHosts());
        }
    }

    /** The cluster's outlier detector, or null when none is configured. */
    OutlierDetector outlierDetector() {
        return outlierDetector;
    }

    /**
     * The cluster-wide success-rate figures of the last outlier-detection sweep for /clusters: average and
     * ejection threshold, external then local origin; null when the cluster has no outlier detection.
     */
    public double[] outlierSuccessRates() {
        OutlierDetector d = outlierDetector;
        return d == null ? null : new double[] {d.successRateAverage(), d.successRateEjectionThreshold(),
            d.localOriginSuccessRateAverage(), d.localOriginSuccessRateEjectionThreshold()};
    }

    /** Outlier detection ejected or returned {@code host}: rebuild the host sets. */
    synchronized void setEjected(Host host, boolean ejected) {
        if (host.ejected() != ejected) {
            host.setEjected(ejected);
            setHosts(prioritySet.allHosts());
        }
    }

    /** Starts the active health checkers (each on its own loop, checking every current host). */
    void startHealthChecks() {
        for (HealthChecker hc : healthCheckers) {
            hc.sync();
        }
    }

    /** Replaces the host set; idle connections to hosts no longer present are closed. */
    synchronized void setHosts(List<Host> hosts) {
        Map<Integer, List<Host>> byPriority = new HashMap<>();
        int max = 0;
        for (Host h : hosts) {
            byPriority.computeIfAbsent(h.priority(), k -> new ArrayList<>()).add(h);
            max = Math.max(max, h.priority());
        }
        Map<Integer, Map<Locality, Integer>> localityWeights = new HashMap<>();
        for (LocalityLbEndpoints g : config.loadAssignment().endpoints()) {
            localityWeights.computeIfAbsent(g.priority(), k -> new HashMap<>()).merge(g.locality(),
                    g.loadBalancingWeight(), Integer::sum);
        }
        List<HostSet> sets = new ArrayList<>();
        for (int p = 0; p <= (hosts.isEmpty() ? -1 : max); p++) {
            sets.add(new HostSet(p, byPriority.getOrDefault(p, List.of()), localityWeights.getOrDefault(p, Map.of())));
        }
        PrioritySet old = prioritySet;
        PrioritySet next = new PrioritySet(sets, config.loadAssignment().overprovisioningFactor(),
                config.lbConfig().healthyPanicThreshold());
        prioritySet = next;
        publishMembership(hosts);
        Set<Host> kept = new HashSet<>(hosts);
        boolean changed = old.totalHosts() != hosts.size();
        for (Host h : old.allHosts()) {
            if (!kept.contains(h)) {
                changed = true;
                h.closeIdleConnections();
            }
        }
        if (changed) {
            stats.membershipChange.inc();
        }
    }

    /** Starts periodic DNS resolution for STRICT_DNS / LOGICAL_DNS clusters. */
    void startDns(DnsResolver dns) {
        if (config.type() == Cluster.DiscoveryType.STRICT_DNS || config.type() == Cluster.DiscoveryType.LOGICAL_DNS) {
            dns.executor().execute(() -> refresh(dns));
        }
    }

    /** The membership and health-check gauges for {@code hosts}. */
    private void publishMembership(List<Host> hosts) {
        int healthy = 0;
        for (Host h : hosts) {
            healthy += h.healthy() ? 1 : 0;
        }
        int degraded = 0;
        int maxWeight = 0;
        for (Host h : hosts) {
            degraded += h.healthy() && h.health() == LbEndpoint.HealthStatus.DEGRADED ? 1 : 0;
            maxWeight = Math.max(maxWeight, h.weight());
        }
        stats.membershipTotal.set(hosts.size());
        stats.membershipHealthy.set(healthy - degraded);
        stats.membershipDegraded.set(degraded);
        stats.membershipExcluded.set(0);
        stats.maxHostWeight.set(maxWeight);
        if (!healthCheckers.isEmpty()) {
            stats.hcHealthy.set(healthy);
            for (HealthChecker hc : healthCheckers) {
                hc.sync();
            }
        }
    }

    /**
     * Points this cluster's shared stats (gauges are shared by name) back at this instance: a rejected reload
     * built, then discarded, a replacement that had taken them over.
     */
    synchronized void republishStats() {
        stats.circuitBreakers("default", breakers);
        stats.circuitBreakers("high", highBreakers);
        publishMembership(prioritySet.allHosts());
        if (outlierDetector != null) {
            outlierDetector.republishStats();
        }
    }

    /** Whether a reload or shutdown retired this cluster. */
    boolean stopped() {
        return stopped;
    }

    void stop() {
        stopped = true;
        for (HealthChecker hc : healthCheckers) {
            hc.stop();
        }
        if (outlierDetector != null) {
            outlierDetector.stop();
        }
        for (Host h : prioritySet.allHosts()) {
            h.closeIdleConnections();
        }
    }

    private void refresh(DnsResolver dns) {
        if (stopped) {
            return;
        }
        stats.updateAttempt.inc();
        boolean ok;
        try {
            List<Host> hosts = config.type() == Cluster.DiscoveryType.LOGICAL_DNS ? logicalHosts() : strictHosts();
            setHosts(hosts);
            stats.updateSuccess.inc();
            ok = true;
        } catch (UnknownHostException e) {
            stats.updateFailure.inc();
            ok = false;
        }
        initialized.complete(null);
        long delay = (ok || config.dnsFailureRefreshRate() == null ? config.dnsRefreshRate() : config.dnsFailureRefreshRate())
                .toMillis();
        if (!stopped) {
            dns.executor().schedule(() -> refresh(dns), Math.max(1, delay), TimeUnit.MILLISECONDS);
        }
    }

    /** STRICT_DNS: every address of every endpoint; hosts whose address did not change are kept (with their pools). */
    private List<Host> strictHosts() throws UnknownHostException {
        Map<String, Host> existing = new HashMap<>();
        for (Host h : prioritySet.allHosts()) {
            existing.put(key(h.hostname(), h.addressString(), h.priority()), h);
        }
        List<Host> hosts = new ArrayList<>();
        UnknownHostException failure = null;
        int resolvedNames = 0;
        for (LocalityLbEndpoints group : config.loadAssignment().endpoints()) {
            for (LbEndpoint ep : group.lbEndpoints()) {
                List<InetAddress> addrs;
                try {
                    addrs = DnsResolver.resolve(ep.address().host(), config.dnsLookupFamily());
                    resolvedNames++;
                } catch (UnknownHostException e) {
                    failure = e;
                    continue;
                }
                for (InetAddress a : addrs) {
                    InetSocketAddress sa = new InetSocketAddress(a, ep.address().port());
                    Host fresh = new Host(this, sa, ep.hostname().isEmpty() ? ep.address().host() : ep.hostname(),
                            ep.weight(), group.priority(), group.locality(), ep.healthStatus(), ep.healthCheckPort());
                    Host old = existing.get(key(fresh.hostname(), fresh.addressString(), fresh.priority()));
                    hosts.add(old != null && old.weight() == fresh.weight() ? old : fresh);
                }
            }
        }
        if (resolvedNames == 0 && failure != null) {
            throw failure;
        }
        return hosts;
    }

    private static String key(String hostname, String address, int priority) {
        return hostname + "|" + address + "|" + priority;
    }

    /** LOGICAL_DNS: one host for the first endpoint, pointed at the first address of the latest resolution. */
    private List<Host> logicalHosts() throws UnknownHostException {
        LocalityLbEndpoints group = null;
        LbEndpoint ep = null;
        for (LocalityLbEndpoints g : config.loadAssignment().endpoints()) {
            if (!g.lbEndpoints().isEmpty()) {
                group = g;
                ep = g.lbEndpoints().get(0);
                break;
            }
        }
        if (ep == null) {
            return List.of();
        }
        InetAddress first = DnsResolver.resolve(ep.address().host(), config.dnsLookupFamily()).get(0);
        InetSocketAddress sa = new InetSocketAddress(first, ep.address().port());
        List<Host> current = prioritySet.allHosts();
        if (current.size() == 1) {
            Host h = current.get(0);
            if (!h.address().equals(sa)) {
                h.setAddress(sa);
            }
            return current;
        }
        return List.of(new Host(this, sa, ep.hostname().isEmpty() ? ep.address().host() : ep.hostname(), ep.weight(),
                group.priority(), group.locality(), ep.healthStatus(), ep.healthCheckPort()));
    }
}
