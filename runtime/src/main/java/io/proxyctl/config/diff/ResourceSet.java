package io.proxyctl.config.diff;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.Position;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One side of a diff: the resources of a configuration, normalised and keyed by kind and name. Built from a v3
 * bootstrap (for v2 input, the upgraded tree) or from an admin {@code /config_dump}. Inline route configurations
 * are lifted out of their HTTP connection managers, and inline endpoints ({@code load_assignment}) out of their
 * clusters, so a file and the config dump of the proxy that loaded it have the same shape.
 */
public final class ResourceSet {
    private final ConfigSource source;
    private final boolean showLines;
    private final boolean configDump;
    private final Map<ResourceKind, Map<String, Resource>> resources;

    private ResourceSet(ConfigSource source, boolean showLines, boolean configDump,
                        Map<ResourceKind, Map<String, Resource>> resources) {
        this.source = Objects.requireNonNull(source, "source");
        this.showLines = showLines;
        this.configDump = configDump;
        this.resources = resources;
    }

    /**
     * The resources of a v3 bootstrap document, or of an xDS resource file ({@code resources: [{"@type": ...}]},
     * as file-based LDS/CDS/RDS/EDS read).
     */
    public static ResourceSet fromBootstrap(ConfigSource v3) {
        Builder b = new Builder();
        Node.MapNode rest = xdsResources(v3.root(), b);
        if (rest == null) {
            rest = (Node.MapNode) Normalizer.message(v3.root(), "", MessageKind.BOOTSTRAP);
        }
        if (rest.get("static_resources") instanceof Node.MapNode sr) {
            if (sr.get("listeners") instanceof Node.ListNode ls) {
                ls.items().forEach(b::addListener);
            }
            if (sr.get("clusters") instanceof Node.ListNode cs) {
                cs.items().forEach(b::addCluster);
            }
            Node.MapNode remaining = sr.with("listeners", null).with("clusters", null);
            rest = rest.with("static_resources", remaining.fields().isEmpty() ? null : remaining);
        }
        b.put(ResourceKind.BOOTSTRAP, "bootstrap", rest);
        return new ResourceSet(v3, true, false, b.finish());
    }

    /**
     * Adds the resources of an xDS resource file to {@code b}; returns the rest of the document (version_info...),
     * or null when {@code root} is not such a file.
     */
    private static Node.MapNode xdsResources(Object root, Builder b) {
        if (!(root instanceof Map<?, ?> m) || m.containsKey("static_resources") || !(m.get("resources") instanceof List<?> items)) {
            return null;
        }
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> item) || !(item.get("@type") instanceof String type)) {
                continue;
            }
            String pointer = "/resources/" + i;
            switch (type.substring(type.lastIndexOf('.') + 1)) {
                case "Listener" -> b.addListener(Normalizer.message(item, pointer, MessageKind.LISTENER));
                case "Cluster" -> b.addCluster(Normalizer.message(item, pointer, MessageKind.CLUSTER));
                case "RouteConfiguration" -> b.addRouteConfig(
                        Normalizer.message(item, pointer, MessageKind.ROUTE_CONFIGURATION));
                case "ClusterLoadAssignment" -> b.addEndpoints(
                        Normalizer.message(item, pointer, MessageKind.LOAD_ASSIGNMENT));
                default -> {
                    // other xDS types (secrets, runtime layers) are not compared resource by resource
                }
            }
        }
        Map<String, Object> others = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!"resources".equals(k)) {
                others.put(String.valueOf(k), v);
            }
        });
        return (Node.MapNode) Normalizer.message(others, "", MessageKind.OTHER);
    }

    /**
     * The resources of an admin {@code /config_dump} document; {@code live} when it was fetched from a running
     * instance (then positions in the transient dump text are not reported).
     */
    public static ResourceSet fromConfigDump(ConfigSource dump, boolean live) {
        Builder b = new Builder();
        ConfigDumpReader.read(dump.root(), b);
        return new ResourceSet(dump, !live, true, b.finish());
    }

    /** True when {@code root} looks like an admin config dump ({@code {"configs": [{"@type": ...ConfigDump}]}}). */
    public static boolean isConfigDump(Object root) {
        return ConfigDumpReader.isConfigDump(root);
    }

    /** The input's name (file, or URL of the instance). */
    public String name() {
        return source.name();
    }

    /** True for a config dump, which has no bootstrap settings to compare. */
    public boolean isConfigDump() {
        return configDump;
    }

    /** The resources of one kind by key, in key order. */
    public Map<String, Resource> resources(ResourceKind kind) {
        return resources.getOrDefault(kind, Map.of());
    }

    /** Number of resources of all kinds. */
    public int size() {
        return resources.values().stream().mapToInt(Map::size).sum();
    }

    /** Where a node of this input is: the line of its key (or value) in the source, when meaningful. */
    public Location locate(String pointer) {
        Position p = source.sourceMap().key(pointer);
        return new Location(source.name(), showLines && p.known() ? p.line() : 0);
    }

    /**
     * The whole normalised configuration as one plain tree, {@code {listeners: {name: body}, ...}}, for printing
     * (the unified-diff mode). Bootstrap settings are left out unless {@code includeBootstrap}.
     */
    public Map<String, Object> canonical(boolean includeBootstrap) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ResourceKind kind : ResourceKind.values()) {
            if (kind == ResourceKind.BOOTSTRAP) {
                Resource bootstrap = resources(kind).get("bootstrap");
                if (includeBootstrap && bootstrap != null && !(bootstrap.value() instanceof Map<?, ?> m && m.isEmpty())) {
                    out.put(kind.plural(), bootstrap.value());
                }
                continue;
            }
            Map<String, Object> group = new LinkedHashMap<>();
            resources(kind).forEach((name, r) -> group.put(name, r.value()));
            if (!group.isEmpty()) {
                out.put(kind.plural(), group);
            }
        }
        return out;
    }

    /** Collects resources, lifting inline route configs and endpoints out of their parents. */
    static final class Builder {
        private final Map<ResourceKind, Map<String, Resource>> out = new EnumMap<>(ResourceKind.class);
        private final List<Inline> inlineRoutes = new ArrayList<>();
        private final List<Node.MapNode> otherRoutes = new ArrayList<>();
        private final List<Node.MapNode> dumpedEndpoints = new ArrayList<>();

        private record Inline(String name, String listener, Node.MapNode body) {
        }

        void addListener(Node listener) {
            if (!(listener instanceof Node.MapNode l)) {
                return;
            }
            String key = l.string("name") != null ? l.string("name") : listenerAddress(l);
            List<Node.MapNode> found = new ArrayList<>();
            Node stripped = liftRouteConfigs(l, found);
            for (Node.MapNode rc : found) {
                inlineRoutes.add(new Inline(rc.string("name"), key, rc));
            }
            put(ResourceKind.LISTENER, key, stripped);
        }

        void addCluster(Node cluster) {
            if (!(cluster instanceof Node.MapNode c)) {
                return;
            }
            String key = c.string("name") != null ? c.string("name") : "";
            if (c.get("load_assignment") instanceof Node.MapNode la) {
                put(ResourceKind.ENDPOINTS, key, la.with("cluster_name", null));
                c = c.with("load_assignment", null);
            }
            put(ResourceKind.CLUSTER, key, c);
        }

        /** A route configuration from a config dump (static or RDS), not inline in a listener. */
        void addRouteConfig(Node rc) {
            if (rc instanceof Node.MapNode m) {
                otherRoutes.add(m);
            }
        }

        /** A ClusterLoadAssignment from a config dump (EDS, or the copy of a static cluster's endpoints). */
        void addEndpoints(Node cla) {
            if (cla instanceof Node.MapNode m) {
                dumpedEndpoints.add(m);
            }
        }

        void put(ResourceKind kind, String key, Node body) {
            Map<String, Resource> m = out.computeIfAbsent(kind, k -> new TreeMap<>());
            String k = key;
            for (int i = 2; m.containsKey(k); i++) {
                k = key + " #" + i;
            }
            m.put(k, new Resource(kind, k, body));
        }

        Map<ResourceKind, Map<String, Resource>> finish() {
            Map<String, List<Inline>> byName = new LinkedHashMap<>();
            for (Inline in : inlineRoutes) {
                byName.computeIfAbsent(in.name() == null ? "" : in.name(), k -> new ArrayList<>()).add(in);
            }
            byName.forEach((name, group) -> {
                boolean same = group.stream().allMatch(g -> g.body().plain().equals(group.get(0).body().plain()));
                if (!name.isEmpty() && same) {
                    put(ResourceKind.ROUTE_CONFIGURATION, name, group.get(0).body());
                } else {
                    for (Inline g : group) {
                        String key = (name.isEmpty() ? "(unnamed)" : name) + " (in listener " + g.listener() + ")";
                        put(ResourceKind.ROUTE_CONFIGURATION, key, g.body());
                    }
                }
            });
            // A dump lists inline route configs again as static_route_configs: those are the same resource.
            for (Node.MapNode rc : otherRoutes) {
                String name = rc.string("name") == null ? "" : rc.string("name");
                if (!byName.containsKey(name)) {
                    put(ResourceKind.ROUTE_CONFIGURATION, name, rc);
                }
            }
            Map<String, Resource> endpoints = out.getOrDefault(ResourceKind.ENDPOINTS, Map.of());
            for (Node.MapNode cla : dumpedEndpoints) {
                String name = cla.string("cluster_name") == null ? "" : cla.string("cluster_name");
                if (!endpoints.containsKey(name)) {
                    put(ResourceKind.ENDPOINTS, name, cla.with("cluster_name", null));
                }
            }
            Map<ResourceKind, Map<String, Resource>> result = new EnumMap<>(ResourceKind.class);
            out.forEach((k, v) -> result.put(k, Collections.unmodifiableMap(v)));
            return Collections.unmodifiableMap(result);
        }

        private static String listenerAddress(Node.MapNode l) {
            Object sock = l.plain() instanceof Map<?, ?> m && m.get("address") instanceof Map<?, ?> a
                    ? a.get("socket_address") : null;
            if (sock instanceof Map<?, ?> s) {
                return s.get("address") + ":" + (s.get("port_value") == null ? 0 : s.get("port_value"));
            }
            return "";
        }

        /**
         * A copy of {@code n} in which every HTTP connection manager's inline route_config is replaced by a
         * reference to its name; the route configs go to {@code found}.
         */
        private static Node liftRouteConfigs(Node n, List<Node.MapNode> found) {
            if (n instanceof Node.MapNode m) {
                Map<String, Node> fields = new LinkedHashMap<>();
                boolean changed = false;
                for (Map.Entry<String, Node> e : m.fields().entrySet()) {
                    Node v = e.getValue();
                    Node nv;
                    if (m.kind() == MessageKind.HTTP_CONNECTION_MANAGER && e.getKey().equals("route_config")
                            && v instanceof Node.MapNode rc) {
                        found.add(rc);
                        Map<String, Node> ref = new LinkedHashMap<>();
                        if (rc.get("name") != null) {
                            ref.put("name", rc.get("name"));
                        }
                        nv = new Node.MapNode(ref, rc.origin(), MessageKind.ROUTE_CONFIGURATION, false);
                    } else {
                        nv = liftRouteConfigs(v, found);
                    }
                    changed |= nv != v;
                    fields.put(e.getKey(), nv);
                }
                return changed ? new Node.MapNode(fields, m.origin(), m.kind(), m.dataKeys()) : m;
            }
            if (n instanceof Node.ListNode l) {
                List<Node> items = new ArrayList<>();
                boolean changed = false;
                for (Node item : l.items()) {
                    Node ni = liftRouteConfigs(item, found);
                    changed |= ni != item;
                    items.add(ni);
                }
                return changed ? new Node.ListNode(items, l.origin(), l.rule()) : l;
            }
            return n;
        }
    }
}
