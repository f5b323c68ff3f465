package io.proxyctl.xds;

import io.proxyctl.stats.Counter;
import io.proxyctl.stats.Gauge;
import io.proxyctl.stats.StatsStore;
import java.util.EnumMap;
import java.util.Map;

/**
 * The xDS stats: per resource type {@code update_attempt}, {@code update_success} and {@code update_rejected}
 * under {@code listener_manager.lds.}, {@code cluster_manager.cds.}, {@code rds.} and {@code eds.} (the last two
 * are proxyctl's totals); per resource the same three under Envoy's scopes of RDS and EDS subscriptions
 * ({@code http.<stat_prefix>.rds.<route_config_name>.}, {@code cluster.<name>.}); and
 * {@code control_plane.connected_state} (1 while an ADS stream is up).
 */
public final class XdsStats {
    private final Map<XdsType, Counter[]> counters = new EnumMap<>(XdsType.class);
    private final Gauge connected;
    private final StatsStore store;

    public XdsStats(StatsStore stats) {
        this.store = stats;
        for (XdsType t : XdsType.values()) {
            counters.put(t, new Counter[] {stats.counter(t.statPrefix() + "update_attempt"),
                stats.counter(t.statPrefix() + "update_success"), stats.counter(t.statPrefix() + "update_rejected")});
        }
        connected = stats.gauge("control_plane.connected_state");
    }

    void attempt(XdsType t) {
        counters.get(t)[0].inc();
    }

    void success(XdsType t) {
        counters.get(t)[1].inc();
    }

    void rejected(XdsType t) {
        counters.get(t)[2].inc();
    }

    /** Counts {@code update_attempt} under each subscription scope (ending in a dot). */
    void attempt(Iterable<String> scopes) {
        scopes.forEach(p -> store.counter(p + "update_attempt").inc());
    }

    void success(Iterable<String> scopes) {
        scopes.forEach(p -> store.counter(p + "update_success").inc());
    }

    void rejected(Iterable<String> scopes) {
        scopes.forEach(p -> store.counter(p + "update_rejected").inc());
    }

    /** control_plane.connected_state. */
    public void connected(boolean up) {
        connected.set(up ? 1 : 0);
    }
}
