package io.proxyctl.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The static part of an Envoy v3 bootstrap the runtime serves.
 *
 * @param admin     the admin interface, or null when the config has none (no admin server starts)
 * @param listeners {@code static_resources.listeners}
 * @param clusters  {@code static_resources.clusters}
 * @param stats     {@code stats_flush_interval} and {@code stats_flush_on_admin}
 * @param limits    downstream connection limits (overload manager and runtime)
 */
public record Bootstrap(Admin admin, List<Listener> listeners, List<Cluster> clusters, StatsFlush stats,
                        ConnectionLimits limits) {
    public Bootstrap {
        listeners = List.copyOf(listeners);
        clusters = List.copyOf(clusters);
        stats = stats == null ? StatsFlush.DEFAULT : stats;
        limits = limits == null ? ConnectionLimits.NONE : limits;
    }

    public Bootstrap(Admin admin, List<Listener> listeners, List<Cluster> clusters, StatsFlush stats) {
        this(admin, listeners, clusters, stats, ConnectionLimits.NONE);
    }

    public Bootstrap(Admin admin, List<Listener> listeners, List<Cluster> clusters) {
        this(admin, listeners, clusters, StatsFlush.DEFAULT);
    }

    /**
     * When histogram intervals close (Envoy's stats flush).
     *
     * @param interval {@code stats_flush_interval} (default 5 s)
     * @param onAdmin  {@code stats_flush_on_admin}: flush on every admin stats request instead of periodically
     */
    public record StatsFlush(Duration interval, boolean onAdmin) {
        public static final StatsFlush DEFAULT = new StatsFlush(Duration.ofSeconds(5), false);

        public StatsFlush {
            Objects.requireNonNull(interval, "interval");
        }
    }

    /** The cluster with the given name, or null. */
    public Cluster cluster(String name) {
        for (Cluster c : clusters) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The listener with the given name, or null. */
    public Listener listener(String name) {
        Objects.requireNonNull(name, "name");
        for (Listener l : listeners) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }
}
