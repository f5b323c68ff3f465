package io.proxyctl.config.model;

import java.util.List;
import java.util.Objects;

/**
 * The static part of an Envoy v3 bootstrap the runtime serves.
 *
 * @param admin     the admin interface, or null when the config has none (no admin server starts)
 * @param listeners {@code static_resources.listeners}
 * @param clusters  {@code static_resources.clusters}
 */
public record Bootstrap(Admin admin, List<Listener> listeners, List<Cluster> clusters) {
    public Bootstrap {
        listeners = List.copyOf(listeners);
        clusters = List.copyOf(clusters);
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
