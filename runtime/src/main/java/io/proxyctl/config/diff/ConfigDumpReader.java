package io.proxyctl.config.diff;

import io.proxyctl.config.load.JsonPointer;
import java.util.List;
import java.util.Map;

/**
 * Reads the resources out of an admin {@code /config_dump} document (envoy.md section 4.6): static and dynamic
 * (active) listeners, clusters, route configurations and endpoints. Warming and draining states are not what
 * the proxy serves and are skipped; the bootstrap section is not compared (it repeats the file and adds what
 * Envoy filled in).
 */
final class ConfigDumpReader {
    private static final String ADMIN_TYPE = "type.googleapis.com/envoy.admin.v3.";

    private ConfigDumpReader() {
    }

    static boolean isConfigDump(Object root) {
        if (!(root instanceof Map<?, ?> m) || !(m.get("configs") instanceof List<?> configs)) {
            return false;
        }
        return configs.stream().anyMatch(c -> c instanceof Map<?, ?> cm
                && cm.get("@type") instanceof String t && t.startsWith(ADMIN_TYPE) && t.endsWith("ConfigDump"));
    }

    static void read(Object root, ResourceSet.Builder b) {
        if (!(root instanceof Map<?, ?> m) || !(m.get("configs") instanceof List<?> configs)) {
            return;
        }
        for (int i = 0; i < configs.size(); i++) {
            if (!(configs.get(i) instanceof Map<?, ?> section) || !(section.get("@type") instanceof String type)) {
                continue;
            }
            String p = JsonPointer.child("/configs", i);
            switch (type.substring(type.lastIndexOf('.') + 1)) {
                case "ListenersConfigDump" -> {
                    each(section, p, "static_listeners", "listener", MessageKind.LISTENER, b::addListener);
                    each(section, p, "dynamic_listeners", "active_state/listener", MessageKind.LISTENER, b::addListener);
                }
                case "ClustersConfigDump" -> {
                    each(section, p, "static_clusters", "cluster", MessageKind.CLUSTER, b::addCluster);
                    each(section, p, "dynamic_active_clusters", "cluster", MessageKind.CLUSTER, b::addCluster);
                }
                case "RoutesConfigDump" -> {
                    each(section, p, "static_route_configs", "route_config", MessageKind.ROUTE_CONFIGURATION,
                            b::addRouteConfig);
                    each(section, p, "dynamic_route_configs", "route_config", MessageKind.ROUTE_CONFIGURATION,
                            b::addRouteConfig);
                }
                case "EndpointsConfigDump" -> {
                    each(section, p, "static_endpoint_configs", "endpoint_config", MessageKind.LOAD_ASSIGNMENT,
                            b::addEndpoints);
                    each(section, p, "dynamic_endpoint_configs", "endpoint_config", MessageKind.LOAD_ASSIGNMENT,
                            b::addEndpoints);
                }
                default -> {
                    // Bootstrap, secrets (redacted), scoped routes, ECDS: not compared.
                }
            }
        }
    }

    private static void each(Map<?, ?> section, String pointer, String listField, String itemPath, MessageKind kind,
                             java.util.function.Consumer<Node> sink) {
        Object list = field(section, listField);
        if (!(list instanceof List<?> items)) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            Object cur = items.get(i);
            String p = JsonPointer.child(JsonPointer.child(pointer, listField), i);
            for (String f : itemPath.split("/")) {
                cur = cur instanceof Map<?, ?> cm ? field(cm, f) : null;
                p = JsonPointer.child(p, f);
            }
            if (cur instanceof Map<?, ?>) {
                sink.accept(Normalizer.message(cur, p, kind));
            }
        }
    }

    /** A field by its proto name or its lowerCamelCase JSON name. */
    private static Object field(Map<?, ?> m, String name) {
        Object v = m.get(name);
        if (v != null) {
            return v;
        }
        StringBuilder camel = new StringBuilder();
        boolean up = false;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                camel.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return m.get(camel.toString());
    }
}
