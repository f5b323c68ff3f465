package io.proxyctl.config.bind;

import io.proxyctl.config.model.Address;
import io.proxyctl.config.model.Admin;
import io.proxyctl.config.model.Bootstrap;
import io.proxyctl.config.model.ConnectionLimits;
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
        return new Bootstrap(admin, listeners, clusters, flush, limits(root));
    }

    private static final String GLOBAL_MONITOR = "envoy.resource_monitors.global_downstream_max_connections";
    private static final String GLOBAL_MONITOR_TYPE =
            "envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig";
    private static final String LISTENER_LIMIT_PREFIX = "envoy.resource_limits.listener.";
    private static final String LISTENER_LIMIT_SUFFIX = ".connection_limit";

    /** The overload manager's global connection limit and the runtime's per-listener ones. */
    private static ConnectionLimits limits(Obj root) {
        long global = 0;
        Map<String, Long> perListener = new java.util.HashMap<>();
        Obj rt = root.obj("layered_runtime");
        if (rt != null) {
            for (Obj layer : rt.objs("layers")) {
                Obj sl = layer.obj("static_layer");
                if (sl == null) {
                    continue;
                }
                Map<String, Object> flat = new java.util.LinkedHashMap<>();
                flatten("", sl.map(), flat);
                for (Map.Entry<String, Object> e : flat.entrySet()) {
                    String k = e.getKey();
                    if (k.equals("overload.global_downstream_max_connections")) {
                        global = Obj.toLong(e.getValue(), sl.pointer());
                    } else if (k.startsWith(LISTENER_LIMIT_PREFIX) && k.endsWith(LISTENER_LIMIT_SUFFIX)
                            && k.length() > LISTENER_LIMIT_PREFIX.length() + LISTENER_LIMIT_SUFFIX.length()) {
                        perListener.put(k.substring(LISTENER_LIMIT_PREFIX.length(), k.length() - LISTENER_LIMIT_SUFFIX.length()),
                                Obj.toLong(e.getValue(), sl.pointer()));
                    }
                }
            }
        }
        Obj om = root.obj("overload_manager");
        if (om != null) {
            for (Obj m : om.objs("resource_monitors")) {
                Obj tc = m.obj("typed_config");
                String type = tc == null ? "" : tc.str("@type", "");
                if (GLOBAL_MONITOR.equals(m.str("name", "")) || type.endsWith("/" + GLOBAL_MONITOR_TYPE)) {
                    // The resource monitor takes precedence over the deprecated runtime key, as in Envoy.
                    global = tc == null ? 0 : tc.lng("max_active_downstream_connections", 0);
                }
            }
        }
        return new ConnectionLimits(Math.max(0, global), perListener);
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object v, Map<String, Object> out) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                flatten(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, v);
        }
    }
}
