package io.proxyctl.xds;

import io.proxyctl.config.tree.Tree;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of the world a proxy has accepted: per resource type, the resources by name and the version_info of
 * the last accepted response. Immutable; updates return a new snapshot.
 */
public final class XdsSnapshot {
    private static final XdsSnapshot EMPTY = new XdsSnapshot(new EnumMap<>(XdsType.class), new EnumMap<>(XdsType.class));

    private final Map<XdsType, Map<String, XdsResource>> resources;
    private final Map<XdsType, String> versions;

    private XdsSnapshot(Map<XdsType, Map<String, XdsResource>> resources, Map<XdsType, String> versions) {
        this.resources = resources;
        this.versions = versions;
    }

    public static XdsSnapshot empty() {
        return EMPTY;
    }

    /** The resources of a type by name, in the order they arrived. */
    public Map<String, XdsResource> resources(XdsType type) {
        return resources.getOrDefault(type, Map.of());
    }

    /** The version_info of the last accepted response of a type, or "" before any. */
    public String version(XdsType type) {
        return versions.getOrDefault(type, "");
    }

    /** A snapshot where {@code type} holds exactly {@code byName}, accepted at {@code version}. */
    public XdsSnapshot with(XdsType type, String version, Map<String, XdsResource> byName) {
        Map<XdsType, Map<String, XdsResource>> r = new EnumMap<>(XdsType.class);
        r.putAll(resources);
        r.put(type, Collections.unmodifiableMap(new LinkedHashMap<>(byName)));
        Map<XdsType, String> v = new EnumMap<>(XdsType.class);
        v.putAll(versions);
        v.put(type, version == null ? "" : version);
        return new XdsSnapshot(r, v);
    }

    /** The route configuration names the dynamic listeners' connection managers ask RDS for. */
    public Set<String> routeNames() {
        Set<String> out = new LinkedHashSet<>();
        for (XdsResource l : resources(XdsType.LISTENER).values()) {
            out.addAll(routeNames(l.tree()));
        }
        return out;
    }

    /** The EDS service names of the dynamic clusters of type EDS. */
    public Set<String> endpointNames() {
        Set<String> out = new LinkedHashSet<>();
        for (XdsResource c : resources(XdsType.CLUSTER).values()) {
            String n = edsServiceName(c.tree());
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** The names a subscription of {@code type} asks for: every name (empty set) for LDS and CDS. */
    public Set<String> subscribedNames(XdsType type) {
        return switch (type) {
            case ROUTE -> routeNames();
            case ENDPOINT -> endpointNames();
            default -> Set.of();
        };
    }

    /** RDS names of one listener tree (HCMs with an {@code rds} field). */
    static Set<String> routeNames(Map<String, Object> listener) {
        Set<String> out = new LinkedHashSet<>();
        for (Map<String, Object> hcm : Hcms.of(listener)) {
            Map<String, Object> rds = Tree.mapField(hcm, "rds");
            String name = Tree.strField(rds, "route_config_name");
            if (name != null) {
                out.add(name);
            }
        }
        return out;
    }

    /** The EDS service name of a cluster of type EDS (service_name, else the cluster name), or null. */
    static String edsServiceName(Map<String, Object> cluster) {
        String type = Tree.enumValue(Tree.get(cluster, "type"));
        Map<String, Object> eds = Tree.mapField(cluster, "eds_cluster_config");
        if (!"EDS".equals(type) && !"3".equals(type)) {
            return null;
        }
        String service = Tree.strField(eds, "service_name");
        return service != null && !service.isEmpty() ? service : Tree.strField(cluster, "name");
    }

    /** Every resource of every type, for dumps. */
    public List<XdsResource> all() {
        return resources.values().stream().flatMap(m -> m.values().stream()).toList();
    }
}
