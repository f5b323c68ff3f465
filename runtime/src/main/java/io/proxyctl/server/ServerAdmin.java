package io.proxyctl.server;

import io.proxyctl.admin.AdminTarget;
import io.proxyctl.common.LogLevels;
import io.proxyctl.config.model.Bootstrap;
import io.proxyctl.config.model.Listener;
import io.proxyctl.network.ActiveListener;
import io.proxyctl.stats.StatsStore;
import io.proxyctl.upstream.UpstreamCluster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The admin endpoints' view of a {@link ProxyServer}. */
final class ServerAdmin implements AdminTarget {
    private final ProxyServer server;

    ServerAdmin(ProxyServer server) {
        this.server = server;
    }

    @Override
    public StatsStore stats() {
        return server.statsStore();
    }

    @Override
    public void flushStatsForAdmin() {
        if (server.bootstrap().stats().onAdmin()) {
            server.statsStore().flushHistograms();
        }
    }

    @Override
    public Collection<UpstreamCluster> clusters() {
        return server.runningClusters();
    }

    @Override
    public List<ListenerStatus> listeners() {
        List<ListenerStatus> out = new ArrayList<>();
        for (ActiveListener l : server.listenerManager().listeners()) {
            if (l.boundAddress() != null) {
                out.add(new ListenerStatus(l.config(), l.boundAddress()));
            }
        }
        return out;
    }

    @Override
    public Bootstrap bootstrap() {
        return server.bootstrap();
    }

    @Override
    public Map<String, Object> configTree() {
        return server.configTree();
    }

    @Override
    public io.proxyctl.xds.DynamicConfig dynamicConfig() {
        return server.dynamicConfig();
    }

    @Override
    public Map<String, Object> dynamicBootstrap() {
        return server.dynamicBootstrap();
    }

    @Override
    public String configPath() {
        return server.options().configPath();
    }

    @Override
    public Instant loadedAt() {
        return server.loadedAt();
    }

    @Override
    public int concurrency() {
        return server.concurrency();
    }

    @Override
    public long uptimeMillis() {
        return server.uptimeMillis();
    }

    @Override
    public State state() {
        return server.envoyState();
    }

    @Override
    public boolean healthCheckFailed() {
        return server.healthCheckFailed();
    }

    @Override
    public void setHealthCheckFailed(boolean failed) {
        server.setHealthCheckFailed(failed);
    }

    @Override
    public void drainListeners(boolean graceful, boolean inboundOnly, boolean skipExit) {
        Predicate<Listener> which = inboundOnly ? l -> l.trafficDirection() == Listener.TrafficDirection.INBOUND
                : l -> true;
        server.drainListeners(which, graceful, graceful && !skipExit);
    }

    @Override
    public void quit() {
        server.quit();
    }

    @Override
    public LogLevels logLevels() {
        return server.logLevels();
    }
}
