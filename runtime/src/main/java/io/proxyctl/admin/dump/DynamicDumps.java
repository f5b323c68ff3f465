package io.proxyctl.admin.dump;

import com.google.re2j.Pattern;
import io.proxyctl.xds.BootstrapComposer;
import io.proxyctl.xds.DynamicConfig;
import io.proxyctl.xds.XdsResource;
import io.proxyctl.xds.XdsSnapshot;
import io.proxyctl.xds.XdsType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The xDS part of the config dump, as Envoy's config tracker shows it: {@code version_info} of the last accepted
 * CDS and LDS responses, {@code dynamic_active_clusters} / {@code dynamic_warming_clusters},
 * {@code dynamic_listeners} with {@code active_state} / {@code warming_state}, and {@code dynamic_route_configs},
 * each resource as received with its {@code version_info} and {@code last_updated}.
 */
final class DynamicDumps {
    private static final String CLUSTER = "envoy.config.cluster.v3.Cluster";
    private static final String LISTENER = "envoy.config.listener.v3.Listener";
    private static final String ROUTE = "envoy.config.route.v3.RouteConfiguration";

    private final XdsSnapshot snapshot;
    private final BootstrapComposer.Composition applied;
    private final ProtoJson json;

    DynamicDumps(DynamicConfig config, ProtoJson json) {
        this.snapshot = config.snapshot();
        this.applied = config.applied();
        this.json = json;
    }

    /** The LDS listener trees (for their inline route configs). */
    List<Map<String, Object>> listenerTrees() {
        List<Map<String, Object>> out = new ArrayList<>();
        snapshot.resources(XdsType.LISTENER).values().forEach(r -> out.add(r.tree()));
        return out;
    }

    Map<String, Object> clusters(Map<String, Object> staticDump, Pattern names) {
        Map<String, Object> out = new LinkedHashMap<>();
        putVersion(out, XdsType.CLUSTER);
        out.putAll(staticDump);
        Set<String> warming = applied == null ? Set.of() : applied.warmingClusters();
        List<Object> active = new ArrayList<>();
        List<Object> warm = new ArrayList<>();
        for (XdsResource r : snapshot.resources(XdsType.CLUSTER).values()) {
            if (ConfigDumps.named(names, r.name())) {
                (warming.contains(r.name()) ? warm : active).add(entry(r, "cluster", CLUSTER));
            }
        }
        putList(out, "dynamic_active_clusters", active);
        putList(out, "dynamic_warming_clusters", warm);
        return out;
    }

    Map<String, Object> listeners(Map<String, Object> staticDump, Pattern names) {
        Map<String, Object> out = new LinkedHashMap<>();
        putVersion(out, XdsType.LISTENER);
        out.putAll(staticDump);
        Set<String> warming = applied == null ? Set.of() : applied.warmingListeners();
        List<Object> dynamic = new ArrayList<>();
        for (XdsResource r : snapshot.resources(XdsType.LISTENER).values()) {
            if (!ConfigDumps.named(names, r.name())) {
                continue;
            }
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("name", r.name());
            l.put(warming.contains(r.name()) ? "warming_state" : "active_state", entry(r, "listener", LISTENER));
            dynamic.add(l);
        }
        putList(out, "dynamic_listeners", dynamic);
        return out;
    }

    Map<String, Object> routes(Map<String, Object> staticDump, Pattern names) {
        Map<String, Object> out = new LinkedHashMap<>(staticDump);
        List<Object> dynamic = new ArrayList<>();
        for (XdsResource r : snapshot.resources(XdsType.ROUTE).values()) {
            if (ConfigDumps.named(names, r.name())) {
                dynamic.add(entry(r, "route_config", ROUTE));
            }
        }
        putList(out, "dynamic_route_configs", dynamic);
        return out;
    }

    private Map<String, Object> entry(XdsResource r, String field, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (!r.version().isEmpty()) {
            e.put("version_info", r.version());
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        typed.put("@type", ConfigDumps.TYPE_PREFIX + message);
        typed.putAll(json.message(r.tree(), message));
        e.put(field, typed);
        e.put("last_updated", ConfigDumpHandler.timestamp(r.lastUpdated()));
        return e;
    }

    private void putVersion(Map<String, Object> out, XdsType type) {
        String v = snapshot.version(type);
        if (!v.isEmpty()) {
            out.put("version_info", v);
        }
    }

    private static void putList(Map<String, Object> out, String field, List<Object> values) {
        if (!values.isEmpty()) {
            out.put(field, values);
        }
    }
}
