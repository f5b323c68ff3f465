package io.proxyctl.xds;

import io.proxyctl.stats.Counter;
import io.proxyctl.stats.Gauge;
import io.proxyctl.stats.StatsStore;
import java.util.EnumMap;
import java.util.Map;

/**
 * The xDS stats: per resource type {@code update_attempt}, {@code update_success} and {@code update_rejected}
 * under {@code listener_manager.lds.}, {@code cluster_manager.cds.}, {@code rds.} and {@code eds.}, and
 * {@code control_plane.connected_state} (1 while an ADS stream is up).
 */
public final class XdsStats {
    private final Map<XdsType, Counter[]> counters = new EnumMap<>(XdsType.class);
    private final Gauge connected;

    public XdsStats(StatsStore stats) {
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

    /** control_plane.connected_state. */
    public void connected(boolean up) {
        connected.set(up ? 1 : 0);
    }
}
