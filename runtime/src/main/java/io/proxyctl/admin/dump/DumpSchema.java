package io.proxyctl.admin.dump;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of Envoy's {@code envoy.admin.v3} config dump messages (proto declaration order), which the API
 * definitions of the schema module do not cover: enough to resolve {@code ?resource=} and validate
 * {@code ?mask=} paths the way protobuf's {@code FieldMaskUtil} does.
 */
final class DumpSchema {
    static final String ADMIN = "envoy.admin.v3.";
    static final String TIMESTAMP = "google.protobuf.Timestamp";
    static final String ANY = "google.protobuf.Any";

    /**
     * A field of an admin message.
     *
     * @param repeated a repeated field
     * @param message  the message type of a message field (admin types without the {@link #ADMIN} prefix, API
     *                 and well-known types with their full name), or null for scalars and enums
     */
    record Field(boolean repeated, String message) {
    }

    private static final Map<String, Map<String, Field>> MESSAGES = new LinkedHashMap<>();

    static {
        msg("BootstrapConfigDump", "bootstrap", one("envoy.config.bootstrap.v3.Bootstrap"), "last_updated", one(TIMESTAMP));
        msg("ClustersConfigDump", "version_info", scalar(), "static_clusters", many("ClustersConfigDump.StaticCluster"),
                "dynamic_active_clusters", many("ClustersConfigDump.DynamicCluster"),
                "dynamic_warming_clusters", many("ClustersConfigDump.DynamicCluster"));
        msg("ClustersConfigDump.StaticCluster", "cluster", one(ANY), "last_updated", one(TIMESTAMP));
        msg("ClustersConfigDump.DynamicCluster", "version_info", scalar(), "cluster", one(ANY),
                "last_updated", one(TIMESTAMP), "error_state", one("UpdateFailureState"), "client_status", scalar());
        msg("EndpointsConfigDump", "static_endpoint_configs", many("EndpointsConfigDump.StaticEndpointConfig"),
                "dynamic_endpoint_configs", many("EndpointsConfigDump.DynamicEndpointConfig"));
        msg("EndpointsConfigDump.StaticEndpointConfig", "endpoint_config", one(ANY), "last_updated", one(TIMESTAMP));
        msg("EndpointsConfigDump.DynamicEndpointConfig", "version_info", scalar(), "endpoint_config", one(ANY),
                "last_updated", one(TIMESTAMP), "error_state", one("UpdateFailureState"), "client_status", scalar());
        msg("ListenersConfigDump", "version_info", scalar(), "static_listeners", many("ListenersConfigDump.StaticListener"),
                "dynamic_listeners", many("ListenersConfigDump.DynamicListener"));
        msg("ListenersConfigDump.StaticListener", "listener", one(ANY), "last_updated", one(TIMESTAMP));
        msg("ListenersConfigDump.DynamicListener", "name", scalar(),
                "active_state", one("ListenersConfigDump.DynamicListenerState"),
                "warming_state", one("ListenersConfigDump.DynamicListenerState"),
                "draining_state", one("ListenersConfigDump.DynamicListenerState"),
                "error_state", one("UpdateFailureState"), "client_status", scalar());
        msg("ListenersConfigDump.DynamicListenerState", "version_info", scalar(), "listener", one(ANY),
                "last_updated", one(TIMESTAMP));
        msg("ScopedRoutesConfigDump", "inline_scoped_route_configs", many("ScopedRoutesConfigDump.InlineScopedRouteConfigs"),
                "dynamic_scoped_route_configs", many("ScopedRoutesConfigDump.DynamicScopedRouteConfigs"));
        msg("ScopedRoutesConfigDump.InlineScopedRouteConfigs", "name", scalar(), "scoped_route_configs", many(ANY),
                "last_updated", one(TIMESTAMP));
        msg("ScopedRoutesConfigDump.DynamicScopedRouteConfigs", "name", scalar(), "version_info", scalar(),
                "scoped_route_configs", many(ANY), "last_updated", one(TIMESTAMP),
                "error_state", one("UpdateFailureState"), "client_status", scalar());
        msg("RoutesConfigDump", "static_route_configs", many("RoutesConfigDump.StaticRouteConfig"),
                "dynamic_route_configs", many("RoutesConfigDump.DynamicRouteConfig"));
        msg("RoutesConfigDump.StaticRouteConfig", "route_config", one(ANY), "last_updated", one(TIMESTAMP));
        msg("RoutesConfigDump.DynamicRouteConfig", "version_info", scalar(), "route_config", one(ANY),
                "last_updated", one(TIMESTAMP), "error_state", one("UpdateFailureState"), "client_status", scalar());
        msg("SecretsConfigDump", "static_secrets", many("SecretsConfigDump.StaticSecret"),
                "dynamic_active_secrets", many("SecretsConfigDump.DynamicSecret"),
                "dynamic_warming_secrets", many("SecretsConfigDump.DynamicSecret"));
        msg("SecretsConfigDump.StaticSecret", "name", scalar(), "last_updated", one(TIMESTAMP), "secret", one(ANY));
        msg("SecretsConfigDump.DynamicSecret", "name", scalar(), "version_info", scalar(), "last_updated",
                one(TIMESTAMP), "secret", one(ANY), "error_state", one("UpdateFailureState"), "client_status", scalar());
        msg("UpdateFailureState", "failed_configuration", one(ANY), "last_update_attempt", one(TIMESTAMP),
                "details", scalar(), "version_info", scalar());
        MESSAGES.put(TIMESTAMP, Map.of("seconds", scalar(), "nanos", scalar()));
        MESSAGES.put(ANY, Map.of("type_url", scalar(), "value", scalar()));
    }

    private DumpSchema() {
    }

    private static Field one(String message) {
        return new Field(false, message);
    }

    private static Field many(String message) {
        return new Field(true, message);
    }

    private static Field scalar() {
        return new Field(false, null);
    }

    private static void msg(String name, Object... fieldsAndTypes) {
        Map<String, Field> f = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndTypes.length; i += 2) {
            f.put((String) fieldsAndTypes[i], (Field) fieldsAndTypes[i + 1]);
        }
        MESSAGES.put(name, f);
    }

    /** The fields of an admin (or Timestamp/Any) message, or null when it is not one of those. */
    static Map<String, Field> fields(String message) {
        return MESSAGES.get(message);
    }
}
