package io.proxyctl.config.upgrade;

import io.proxyctl.config.tree.Tree;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cheap first look for v2 evidence: the field names every v2 rule starts from, and v2 type URLs. A document
 * holding none of them cannot produce a v2 signal, so detection skips the full walk (which copies the tree) for
 * the common case of a v3 file. {@code V2KeysTest} proves every signal the rules raise starts at one of these.
 */
final class V2Keys {
    /** Fields whose presence may make a v2 signal (snake_case; camelCase spellings are normalised). */
    static final Set<String> FIELDS = Set.of("hosts", "tls_context", "config", "idle_timeout", "host_rewrite", "regex",
            "per_filter_config", "use_http2", "regex_match", "runtime", "deprecated_v1", "request_mirror_policy",
            "auto_host_rewrite_header", "verify_subject_alt_name", "service_name", "drain_connections_on_host_removal",
            "extension_protocol_options", "build_version", "operation_name", "request_headers_for_tags",
            "allow_origin", "allow_origin_regex", "enabled", "value", "runtime_key", "lb_policy",
            "transport_api_version", "resource_api_version", "api_type");
    /** Enum fields that are evidence only with these values (v2-only enum values). */
    private static final Map<String, Set<String>> VALUES = Map.of(
            "lb_policy", Set.of("ORIGINAL_DST_LB", "4"),
            "transport_api_version", Set.of("V2", "1"),
            "resource_api_version", Set.of("V2", "1"),
            "api_type", Set.of("UNSUPPORTED_REST_LEGACY", "0"));

    private V2Keys() {
    }

    static boolean mayHoldV2(Object node) {
        Map<String, Object> m = Tree.map(node);
        if (m != null) {
            for (Map.Entry<String, Object> e : m.entrySet()) {
                String k = e.getKey();
                String snake = Tree.snake(k);
                if (FIELDS.contains(snake)) {
                    Set<String> values = VALUES.get(snake);
                    String value = Tree.enumValue(e.getValue()); // null for an empty key: proto3 JSON's default
                    if (values == null || (value != null && values.contains(value))) {
                        return true;
                    }
                }
                if ((k.equals("@type") || k.equals("type_url"))
                        && ApiVersions.isV2Message(Tree.messageName(Tree.str(e.getValue())))) {
                    return true;
                }
                if (mayHoldV2(e.getValue())) {
                    return true;
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object o : l) {
                if (mayHoldV2(o)) {
                    return true;
                }
            }
        }
        return false;
    }
}
