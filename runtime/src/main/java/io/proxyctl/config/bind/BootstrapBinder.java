package io.proxyctl.config.bind;

import io.proxyctl.config.model.Address;
import io.proxyctl.config.model.Admin;
import io.proxyctl.config.model.Bootstrap;
import io.proxyctl.config.model.Cluster;
import io.proxyctl.config.model.Listener;
import io.proxyctl.config.model.StringMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds a loaded v3 bootstrap tree to the immutable {@link Bootstrap} model.
 *
 * <pre>
 * LoadResult r = YamlLoader.loadText("envoy.yaml", text);
 * Bootstrap b = BootstrapBinder.bind((Map&lt;String, Object&gt;) r.source().root());
 * </pre>
 *
 * <p>Accepts the proto3 JSON forms Envoy accepts (snake_case and lowerCamelCase keys, case-insensitive enums,
 * Duration strings, 64-bit integers as strings, {@code @type} Any). The tree is expected to have passed schema
 * validation; anything that still cannot be bound throws {@link BindException} with the node's JSON pointer, never
 * a NullPointerException or ClassCastException.
 */
public final class BootstrapBinder {
    private BootstrapBinder() {
    }

    /** Binds the bootstrap; throws {@link BindException} for a shape the model cannot hold. */
    public static Bootstrap bind(Map<String, Object> v3Tree) {
        if (v3Tree == null) {
            throw new BindException("", "the bootstrap is empty");
        }
        try {
            return bindRoot(new Obj(v3Tree, ""));
        } catch (IllegalArgumentException e) {
            // Record invariants (e.g. a port out of range) that slipped past validation.
            throw new BindException("", e.getMessage());
        }
    }

    private static Bootstrap bindRoot(Obj root) {
        Admin admin = null;
        Obj a = root.obj("admin");
        if (a != null) {
            Address address = a.has("address") ? CommonBinder.address(a.obj("address"), "admin") : null;
            List<StringMatcher> allow = new ArrayList<>();
            for (Obj m : a.objs("allow_paths")) {
                allow.add(CommonBinder.stringMatcher(m));
            }
            admin = new Admin(address, AccessLogBinder.accessLogs(a, "access_log"), a.str("access_log_path", null),
                    allow);
        }
        List<Listener> listeners = new ArrayList<>();
        List<Cluster> clusters = new ArrayList<>();
        Obj sr = root.obj("static_resources");
        if (sr != null) {
            for (Obj l : sr.objs("listeners")) {
                listeners.add(ListenerBinder.listener(l));
            }
            for (Obj c : sr.objs("clusters")) {
                clusters.add(ClusterBinder.cluster(c));
            }
        }
        Bootstrap.StatsFlush flush = new Bootstrap.StatsFlush(
                root.duration("stats_flush_interval", Bootstrap.StatsFlush.DEFAULT.interval()),
                root.bool("stats_flush_on_admin", false));
        return new Bootstrap(admin, listeners, clusters, flush);
    }
}
