package io.proxyctl.config.diff;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the normaliser knows about Envoy's messages: which message a field holds, documented defaults (envoy.md
 * section 1.15 and the protos), enum names by number, and which repeated fields are sets, keyed or ordered.
 * Everything not listed falls back to the proto3 rules (an omitted scalar equals its zero value).
 */
final class FieldHints {
    private static final String TYPE_PREFIX = "type.googleapis.com/";
    private static final Map<MessageKind, Map<String, MessageKind>> CHILDREN = new EnumMap<>(MessageKind.class);
    private static final Map<String, MessageKind> ANYWHERE = Map.of(
            "socket_address", MessageKind.SOCKET_ADDRESS,
            "retry_policy", MessageKind.RETRY_POLICY,
            "common_http_protocol_options", MessageKind.HTTP_PROTOCOL_OPTIONS);
    private static final Map<String, MessageKind> TYPED = Map.of(
            "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
            MessageKind.HTTP_CONNECTION_MANAGER,
            "envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager",
            MessageKind.HTTP_CONNECTION_MANAGER,
            "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", MessageKind.TCP_PROXY,
            "envoy.config.filter.network.tcp_proxy.v2.TcpProxy", MessageKind.TCP_PROXY);
    private static final Map<MessageKind, Map<String, Object>> DEFAULTS = new EnumMap<>(MessageKind.class);
    private static final Map<MessageKind, Map<String, List<String>>> ENUMS = new EnumMap<>(MessageKind.class);
    private static final Map<MessageKind, Map<String, ListRule>> LISTS = new EnumMap<>(MessageKind.class);
    /** map&lt;string, X&gt; fields: the keys are names (filter names, type URLs), not field names. */
    private static final Set<String> MAP_FIELDS = Set.of("typed_per_filter_config", "typed_extension_protocol_options",
            "typed_filter_metadata", "per_filter_config", "extension_protocol_options");
    /** google.protobuf.Struct and similar user data: kept exactly as written. */
    private static final Set<String> STRUCT_FIELDS = Set.of("filter_metadata", "json_format", "static_layer",
            "typed_json_format", "fields");
    /** Field names that hold a google.protobuf.Duration (by suffix); "30.000s" and "30s" are then equal. */
    private static final Pattern DURATION_FIELD =
            Pattern.compile(".*(timeout|interval|_rate|duration|delay|_time|ttl|offset|jitter)");

    static {
        children(MessageKind.BOOTSTRAP, "static_resources", MessageKind.STATIC_RESOURCES, "admin", MessageKind.ADMIN);
        children(MessageKind.STATIC_RESOURCES, "listeners", MessageKind.LISTENER, "clusters", MessageKind.CLUSTER);
        children(MessageKind.ADMIN, "address", MessageKind.ADDRESS);
        children(MessageKind.LISTENER, "address", MessageKind.ADDRESS, "filter_chains", MessageKind.FILTER_CHAIN,
                "default_filter_chain", MessageKind.FILTER_CHAIN);
        children(MessageKind.FILTER_CHAIN, "filter_chain_match", MessageKind.FILTER_CHAIN_MATCH,
                "filters", MessageKind.FILTER);
        children(MessageKind.HTTP_CONNECTION_MANAGER, "route_config", MessageKind.ROUTE_CONFIGURATION,
                "http_filters", MessageKind.HTTP_FILTER);
        children(MessageKind.ROUTE_CONFIGURATION, "virtual_hosts", MessageKind.VIRTUAL_HOST);
        children(MessageKind.VIRTUAL_HOST, "routes", MessageKind.ROUTE);
        children(MessageKind.ROUTE, "match", MessageKind.ROUTE_MATCH, "route", MessageKind.ROUTE_ACTION,
                "redirect", MessageKind.REDIRECT);
        children(MessageKind.ROUTE_ACTION, "weighted_clusters", MessageKind.WEIGHTED_CLUSTERS);
        children(MessageKind.WEIGHTED_CLUSTERS, "clusters", MessageKind.CLUSTER_WEIGHT);
        children(MessageKind.CLUSTER, "load_assignment", MessageKind.LOAD_ASSIGNMENT,
                "circuit_breakers", MessageKind.CIRCUIT_BREAKERS);
        children(MessageKind.CIRCUIT_BREAKERS, "thresholds", MessageKind.THRESHOLDS);
        children(MessageKind.LOAD_ASSIGNMENT, "endpoints", MessageKind.LOCALITY_LB_ENDPOINTS);
        children(MessageKind.LOCALITY_LB_ENDPOINTS, "lb_endpoints", MessageKind.LB_ENDPOINT);
        children(MessageKind.LB_ENDPOINT, "endpoint", MessageKind.ENDPOINT);
        children(MessageKind.ENDPOINT, "address", MessageKind.ADDRESS);

        enumField(MessageKind.CLUSTER, "type", "STATIC", "STRICT_DNS", "LOGICAL_DNS", "EDS", "ORIGINAL_DST");
        enumField(MessageKind.CLUSTER, "lb_policy", "ROUND_ROBIN", "LEAST_REQUEST", "RING_HASH", "RANDOM",
                "ORIGINAL_DST_LB", "MAGLEV", "CLUSTER_PROVIDED", "LOAD_BALANCING_POLICY_CONFIG");
        enumField(MessageKind.CLUSTER, "dns_lookup_family", "AUTO", "V4_ONLY", "V6_ONLY", "V4_PREFERRED", "ALL");
        enumField(MessageKind.SOCKET_ADDRESS, "protocol", "TCP", "UDP");
        enumField(MessageKind.HTTP_CONNECTION_MANAGER, "codec_type", "AUTO", "HTTP1", "HTTP2", "HTTP3");
        enumField(MessageKind.HTTP_CONNECTION_MANAGER, "forward_client_cert_details", "SANITIZE", "FORWARD_ONLY",
                "APPEND_FORWARD", "SANITIZE_SET", "ALWAYS_FORWARD_ONLY");
        enumField(MessageKind.HTTP_CONNECTION_MANAGER, "server_header_transformation", "OVERWRITE",
                "APPEND_IF_ABSENT", "PASS_THROUGH");
        enumField(MessageKind.HTTP_PROTOCOL_OPTIONS, "headers_with_underscores_action", "ALLOW", "REJECT_REQUEST",
                "DROP_HEADER");
        enumField(MessageKind.ROUTE_ACTION, "cluster_not_found_response_code", "SERVICE_UNAVAILABLE", "NOT_FOUND",
                "INTERNAL_SERVER_ERROR");
        enumField(MessageKind.ROUTE_ACTION, "priority", "DEFAULT", "HIGH");
        enumField(MessageKind.THRESHOLDS, "priority", "DEFAULT", "HIGH");
        enumField(MessageKind.REDIRECT, "response_code", "MOVED_PERMANENTLY", "FOUND", "SEE_OTHER",
                "TEMPORARY_REDIRECT", "PERMANENT_REDIRECT");
        enumField(MessageKind.LISTENER, "traffic_direction", "UNSPECIFIED", "INBOUND", "OUTBOUND");
        enumField(MessageKind.LB_ENDPOINT, "health_status", "UNKNOWN", "HEALTHY", "UNHEALTHY", "DRAINING",
                "TIMEOUT", "DEGRADED");

        // Envoy's documented defaults (envoy.md 1.15 and the proto comments); enum zero values come from ENUMS.
        defaults(MessageKind.CLUSTER, "connect_timeout", "5s", "dns_refresh_rate", "5s",
                "per_connection_buffer_limit_bytes", 1048576L);
        defaults(MessageKind.LISTENER, "per_connection_buffer_limit_bytes", 1048576L);
        defaults(MessageKind.HTTP_CONNECTION_MANAGER, "stream_idle_timeout", "300s", "drain_timeout", "5s",
                "generate_request_id", Boolean.TRUE);
        defaults(MessageKind.HTTP_PROTOCOL_OPTIONS, "idle_timeout", "3600s");
        defaults(MessageKind.TCP_PROXY, "idle_timeout", "3600s");
        defaults(MessageKind.ROUTE_ACTION, "timeout", "15s");
        defaults(MessageKind.RETRY_POLICY, "num_retries", 1L);
        defaults(MessageKind.THRESHOLDS, "max_connections", 1024L, "max_pending_requests", 1024L,
                "max_requests", 1024L, "max_retries", 3L);
        defaults(MessageKind.LB_ENDPOINT, "load_balancing_weight", 1L);
        defaults(MessageKind.BOOTSTRAP, "stats_flush_interval", "5s");

        lists(MessageKind.ROUTE_CONFIGURATION, "virtual_hosts", ListRule.keyed(ListRule.Identity.NAME));
        lists(MessageKind.VIRTUAL_HOST, "domains", ListRule.SET, "routes", ListRule.ordered(ListRule.Identity.ROUTE));
        lists(MessageKind.LISTENER, "filter_chains", ListRule.keyed(ListRule.Identity.FILTER_CHAIN),
                "listener_filters", ListRule.ordered(ListRule.Identity.NAME));
        lists(MessageKind.FILTER_CHAIN, "filters", ListRule.ordered(ListRule.Identity.NAME));
        lists(MessageKind.FILTER_CHAIN_MATCH, "server_names", ListRule.SET, "application_protocols", ListRule.SET,
                "source_ports", ListRule.SET, "prefix_ranges", ListRule.SET, "source_prefix_ranges", ListRule.SET,
                "direct_source_prefix_ranges", ListRule.SET);
        lists(MessageKind.HTTP_CONNECTION_MANAGER, "http_filters", ListRule.ordered(ListRule.Identity.NAME));
        lists(MessageKind.WEIGHTED_CLUSTERS, "clusters", ListRule.keyed(ListRule.Identity.NAME));
        lists(MessageKind.LOAD_ASSIGNMENT, "endpoints", ListRule.keyed(ListRule.Identity.LOCALITY));
        lists(MessageKind.LOCALITY_LB_ENDPOINTS, "lb_endpoints", ListRule.keyed(ListRule.Identity.LB_ENDPOINT));
        lists(MessageKind.STATIC_RESOURCES, "listeners", ListRule.keyed(ListRule.Identity.NAME),
                "clusters", ListRule.keyed(ListRule.Identity.NAME), "secrets", ListRule.keyed(ListRule.Identity.NAME));
    }

    private FieldHints() {
    }

    private static void children(MessageKind parent, Object... pairs) {
        Map<String, MessageKind> m = CHILDREN.computeIfAbsent(parent, k -> new HashMap<>());
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (MessageKind) pairs[i + 1]);
        }
    }

    private static void enumField(MessageKind kind, String field, String... names) {
        ENUMS.computeIfAbsent(kind, k -> new HashMap<>()).put(field, List.of(names));
        DEFAULTS.computeIfAbsent(kind, k -> new HashMap<>()).put(field, names[0]);
    }

    private static void defaults(MessageKind kind, Object... pairs) {
        Map<String, Object> m = DEFAULTS.computeIfAbsent(kind, k -> new HashMap<>());
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
    }

    private static void lists(MessageKind kind, Object... pairs) {
        Map<String, ListRule> m = LISTS.computeIfAbsent(kind, k -> new HashMap<>());
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (ListRule) pairs[i + 1]);
        }
    }

    /** The message held by {@code field} of a {@code parent} message; {@code value} decides typed_config. */
    static MessageKind child(MessageKind parent, String field, Object value) {
        if (parent == MessageKind.STRUCT || STRUCT_FIELDS.contains(field)) {
            return MessageKind.STRUCT;
        }
        if (value instanceof Map<?, ?> m && m.containsKey("type_url") && m.containsKey("value")
                && String.valueOf(m.get("@type")).endsWith("TypedStruct")) {
            return MessageKind.STRUCT;
        }
        if (field.equals("typed_config") && value instanceof Map<?, ?> m && m.get("@type") instanceof String t) {
            String type = t.startsWith(TYPE_PREFIX) ? t.substring(TYPE_PREFIX.length()) : t;
            return TYPED.getOrDefault(type, MessageKind.OTHER);
        }
        MessageKind k = CHILDREN.getOrDefault(parent, Map.of()).get(field);
        if (k != null) {
            return k;
        }
        return ANYWHERE.getOrDefault(field, MessageKind.OTHER);
    }

    /** The documented default of a field, or null when only the proto3 zero value is known. */
    static Object defaultValue(MessageKind kind, String field) {
        return DEFAULTS.getOrDefault(kind, Map.of()).get(field);
    }

    /** The enum's value names indexed by number, or null when the field is not a known enum. */
    static List<String> enumNames(MessageKind kind, String field) {
        return ENUMS.getOrDefault(kind, Map.of()).get(field);
    }

    /** The list semantics of a repeated field. */
    static ListRule listRule(MessageKind kind, String field) {
        return LISTS.getOrDefault(kind, Map.of()).getOrDefault(field, ListRule.POSITIONAL);
    }

    /** True for map fields, whose keys are data (filter names, type URLs) and stay as written. */
    static boolean isMapField(String field) {
        return MAP_FIELDS.contains(field);
    }

    /** True when the field's name says it holds a Duration. */
    static boolean isDurationField(String field) {
        return DURATION_FIELD.matcher(field).matches();
    }
}
