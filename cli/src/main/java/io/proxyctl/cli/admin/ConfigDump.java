package io.proxyctl.cli.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code /config_dump}: {@code {"configs":[...]}} whose entries are the per-subsystem dumps
 * ({@code envoy.admin.v3.ClustersConfigDump} ...) or, after {@code ?resource=}, single elements of them
 * ({@code ClustersConfigDump.StaticCluster}). Knows where each dump keeps its resources and flattens them into
 * {@link DumpResource}s.
 */
public final class ConfigDump {
    static final String ADMIN_TYPE_PREFIX = "type.googleapis.com/envoy.admin.v3.";

    /**
     * Repeated fields of each dump: field name, element message name, key of the resource inside the element (null
     * when the element is the resource), state, resource kind.
     */
    static final Map<String, String[][]> FIELDS = Map.of(
            "ClustersConfigDump", new String[][] {
                {"static_clusters", "StaticCluster", "cluster", "static", "cluster"},
                {"dynamic_active_clusters", "DynamicCluster", "cluster", "active", "cluster"},
                {"dynamic_warming_clusters", "DynamicCluster", "cluster", "warming", "cluster"}},
            "EndpointsConfigDump", new String[][] {
                {"static_endpoint_configs", "StaticEndpointConfig", "endpoint_config", "static", "endpoints"},
                {"dynamic_endpoint_configs", "DynamicEndpointConfig", "endpoint_config", "dynamic", "endpoints"}},
            "ListenersConfigDump", new String[][] {
                {"static_listeners", "StaticListener", "listener", "static", "listener"},
                {"dynamic_listeners", "DynamicListener", null, "dynamic", "listener"}},
            "ScopedRoutesConfigDump", new String[][] {
                {"inline_scoped_route_configs", "InlineScopedRouteConfigs", null, "static", "scoped_routes"},
                {"dynamic_scoped_route_configs", "DynamicScopedRouteConfigs", null, "dynamic", "scoped_routes"}},
            "RoutesConfigDump", new String[][] {
                {"static_route_configs", "StaticRouteConfig", "route_config", "static", "route_config"},
                {"dynamic_route_configs", "DynamicRouteConfig", "route_config", "dynamic", "route_config"}},
            "SecretsConfigDump", new String[][] {
                {"static_secrets", "StaticSecret", "secret", "static", "secret"},
                {"dynamic_active_secrets", "DynamicSecret", "secret", "active", "secret"},
                {"dynamic_warming_secrets", "DynamicSecret", "secret", "warming", "secret"}},
            "EcdsConfigDump", new String[][] {
                {"ecds_filters", "EcdsFilterConfig", "ecds_filter", "dynamic", "ecds_filter"}});

    private final Map<String, Object> root;

    private ConfigDump(Map<String, Object> root) {
        this.root = root;
    }

    /** Wraps a parsed document; null when it is not shaped like a config dump. */
    static ConfigDump of(Object tree) {
        if (!(tree instanceof Map<?, ?>) || !(Tree.map(tree).get("configs") instanceof List<?> configs)) {
            return null;
        }
        for (Object c : configs) {
            if (!(c instanceof Map<?, ?>) || !(Tree.map(c).get("@type") instanceof String)) {
                return null;
            }
        }
        return new ConfigDump(Tree.map(tree));
    }

    public Map<String, Object> root() {
        return root;
    }

    public List<Map<String, Object>> configs() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object c : Tree.list(root.get("configs"))) {
            out.add(Tree.map(c));
        }
        return out;
    }

    /** {@code ClustersConfigDump} for {@code type.googleapis.com/envoy.admin.v3.ClustersConfigDump}. */
    static String shortType(Map<String, Object> config) {
        String t = Tree.str(config.get("@type"));
        return t.startsWith(ADMIN_TYPE_PREFIX) ? t.substring(ADMIN_TYPE_PREFIX.length()) : t.substring(t.lastIndexOf('/') + 1);
    }

    /** Every resource in dump order. */
    public List<DumpResource> resources() {
        List<DumpResource> out = new ArrayList<>();
        for (Map<String, Object> c : configs()) {
            String type = shortType(c);
            int dot = type.indexOf('.');
            if (dot > 0 && FIELDS.containsKey(type.substring(0, dot))) {
                // a single element, as ?resource= returns them
                String element = type.substring(dot + 1);
                for (String[] f : FIELDS.get(type.substring(0, dot))) {
                    if (f[1].equals(element)) {
                        addElement(out, f, c, element.startsWith("Dynamic") ? "dynamic" : f[3]);
                        break;
                    }
                }
            } else if (type.equals("BootstrapConfigDump")) {
                Map<String, Object> b = Tree.map(c.get("bootstrap"));
                out.add(new DumpResource("bootstrap", Tree.str(b, "node", "id"), "", "", Tree.str(c.get("last_updated")), b));
            } else if (FIELDS.containsKey(type)) {
                for (String[] f : FIELDS.get(type)) {
                    for (Object e : Tree.list(c.get(f[0]))) {
                        addElement(out, f, Tree.map(e), f[3]);
                    }
                }
            } else {
                out.add(new DumpResource(type, "", "", Tree.str(c.get("version_info")), Tree.str(c.get("last_updated")), c));
            }
        }
        return out;
    }

    /** Resources of one kind. */
    public List<DumpResource> resources(String kind) {
        return resources().stream().filter(r -> r.kind().equals(kind)).toList();
    }

    private static void addElement(List<DumpResource> out, String[] field, Map<String, Object> e, String state) {
        String kind = field[4];
        if (field[1].equals("DynamicListener")) {
            String name = Tree.str(e.get("name"));
            for (String s : List.of("active_state", "warming_state", "draining_state")) {
                Object st = e.get(s);
                if (st != null) {
                    out.add(new DumpResource(kind, name, s.substring(0, s.indexOf('_')), Tree.str(Tree.at(st, "version_info")),
                            Tree.str(Tree.at(st, "last_updated")), Tree.map(Tree.at(st, "listener"))));
                }
            }
            if (e.get("error_state") != null) {
                out.add(new DumpResource(kind, name, "error", "", Tree.str(Tree.at(e, "error_state", "last_update_attempt")),
                        Map.of()));
            }
            return;
        }
        Map<String, Object> config = field[2] == null ? e : Tree.map(e.get(field[2]));
        String name = Tree.str(config.get("name"));
        if (name.isEmpty()) {
            name = Tree.str(e.get("name"));
        }
        if (name.isEmpty()) {
            name = Tree.str(config.get("cluster_name"));
        }
        out.add(new DumpResource(kind, name, state, Tree.str(e.get("version_info")), Tree.str(e.get("last_updated")), config));
    }
}
