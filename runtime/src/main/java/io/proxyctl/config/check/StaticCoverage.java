package io.proxyctl.config.check;

import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.upgrade.ApiVersions;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The scope of {@code proxyctl run} as issue 3 defines it: HTTP/1.1 proxying through the HTTP connection
 * manager with an inline route_config and the router; route matching and actions, redirects, direct responses
 * and header mutations; file/stdout/stderr access logs; STATIC, STRICT_DNS and LOGICAL_DNS clusters with
 * round robin, least request, random, ring hash and maglev; upstream TLS with SNI, a trusted CA and ALPN; and the
 * admin listener's address. Everything else is reported as not implemented. Replace it with the data plane's own
 * {@link Coverage} once that exists.
 */
public final class StaticCoverage implements Coverage {
    private static final String ALL = "*";
    private static final StaticCoverage INSTANCE = new StaticCoverage();

    private final Map<String, Set<String>> fields = new HashMap<>();
    private final Map<String, Set<String>> values = new HashMap<>();
    private final Set<String> types = Set.of(
            ApiVersions.HCM,
            ApiVersions.ROUTER,
            ApiVersions.FILE_ACCESS_LOG,
            "envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
            "envoy.extensions.access_loggers.stream.v3.StderrAccessLog",
            ApiVersions.UPSTREAM_TLS,
            "envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer");

    private StaticCoverage() {
        String b = "envoy.config.bootstrap.v3.";
        String core = "envoy.config.core.v3.";
        String route = "envoy.config.route.v3.";
        String hcm = ApiVersions.HCM;
        fields(b + "Bootstrap", "node", "static_resources", "admin");
        fields(b + "Bootstrap.StaticResources", "listeners", "clusters");
        fields(b + "Admin", "address");
        fields(core + "Node", ALL);
        fields(core + "Locality", ALL);
        fields("envoy.config.listener.v3.Listener", "name", "address", "filter_chains");
        fields("envoy.config.listener.v3.FilterChain", "name", "filters");
        fields("envoy.config.listener.v3.Filter", "name", "typed_config");
        fields(core + "Address", "socket_address");
        fields(core + "SocketAddress", "address", "port_value", "protocol");
        values(core + "SocketAddress.protocol", "TCP", "0");
        fields(hcm, "codec_type", "stat_prefix", "route_config", "http_filters", "access_log", "use_remote_address",
                "xff_num_trusted_hops", "skip_xff_append", "server_name", "server_header_transformation",
                "upgrade_configs", "drain_timeout");
        values(hcm + ".codec_type", "AUTO", "HTTP1", "0", "1");
        fields("envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter", "name", "typed_config");
        fields(hcm + ".UpgradeConfig", "upgrade_type", "enabled");
        values(hcm + ".UpgradeConfig.upgrade_type", "WEBSOCKET");
        fields(route + "RouteConfiguration", "name", "virtual_hosts", "validate_clusters", "request_headers_to_add",
                "request_headers_to_remove", "response_headers_to_add", "response_headers_to_remove");
        fields(route + "VirtualHost", "name", "domains", "routes", "request_headers_to_add",
                "request_headers_to_remove", "response_headers_to_add", "response_headers_to_remove");
        fields(route + "Route", "name", "match", "route", "redirect", "direct_response", "request_headers_to_add",
                "request_headers_to_remove", "response_headers_to_add", "response_headers_to_remove");
        fields(route + "RouteMatch", "prefix", "path", "safe_regex", "path_separated_prefix", "case_sensitive",
                "headers", "query_parameters");
        fields(route + "HeaderMatcher", "name", "exact_match", "safe_regex_match", "range_match", "present_match",
                "prefix_match", "suffix_match", "contains_match", "string_match", "invert_match");
        fields(route + "QueryParameterMatcher", "name", "string_match", "present_match");
        fields("envoy.type.matcher.v3.StringMatcher", "exact", "prefix", "suffix", "contains", "safe_regex",
                "ignore_case");
        fields("envoy.type.matcher.v3.RegexMatcher", "regex", "google_re2");
        fields("envoy.type.matcher.v3.RegexMatchAndSubstitute", "pattern", "substitution");
        fields("envoy.type.v3.Int64Range", ALL);
        fields(route + "RouteAction", "cluster", "weighted_clusters", "cluster_header", "prefix_rewrite",
                "regex_rewrite", "host_rewrite_literal", "auto_host_rewrite", "host_rewrite_header", "timeout",
                "idle_timeout", "upgrade_configs", "hash_policy");
        fields(route + "RouteAction.UpgradeConfig", "upgrade_type", "enabled");
        values(route + "RouteAction.UpgradeConfig.upgrade_type", "WEBSOCKET");
        fields(route + "WeightedCluster", "clusters", "total_weight");
        fields(route + "WeightedCluster.ClusterWeight", "name", "weight");
        fields(route + "RouteAction.HashPolicy", "header", "cookie", "connection_properties", "query_parameter");
        fields(route + "RouteAction.HashPolicy.Header", "header_name");
        fields(route + "RouteAction.HashPolicy.Cookie", "name");
        fields(route + "RouteAction.HashPolicy.ConnectionProperties", "source_ip");
        fields(route + "RouteAction.HashPolicy.QueryParameter", "name");
        fields(route + "RedirectAction", "https_redirect", "scheme_redirect", "host_redirect", "port_redirect",
                "path_redirect", "prefix_rewrite", "regex_rewrite", "response_code", "strip_query");
        fields(route + "DirectResponseAction", "status", "body");
        fields(core + "DataSource", "filename", "inline_bytes", "inline_string");
        fields(core + "HeaderValueOption", "header", "append", "append_action");
        fields(core + "HeaderValue", "key", "value", "raw_value");
        fields("envoy.config.accesslog.v3.AccessLog", "name", "typed_config");
        fields(ApiVersions.FILE_ACCESS_LOG, "path", "log_format");
        fields("envoy.extensions.access_loggers.stream.v3.StdoutAccessLog", "log_format");
        fields("envoy.extensions.access_loggers.stream.v3.StderrAccessLog", "log_format");
        fields(core + "SubstitutionFormatString", "text_format", "text_format_source", "json_format");
        fields("envoy.config.cluster.v3.Cluster", "name", "type", "connect_timeout", "lb_policy", "load_assignment",
                "dns_lookup_family", "dns_refresh_rate", "transport_socket");
        values("envoy.config.cluster.v3.Cluster.type", "STATIC", "STRICT_DNS", "LOGICAL_DNS", "0", "1", "2");
        values("envoy.config.cluster.v3.Cluster.lb_policy", "ROUND_ROBIN", "LEAST_REQUEST", "RING_HASH", "RANDOM",
                "MAGLEV", "0", "1", "2", "3", "5");
        fields("envoy.config.endpoint.v3.ClusterLoadAssignment", "cluster_name", "endpoints");
        fields("envoy.config.endpoint.v3.LocalityLbEndpoints", "locality", "lb_endpoints", "load_balancing_weight",
                "priority");
        fields("envoy.config.endpoint.v3.LbEndpoint", "endpoint", "load_balancing_weight");
        fields("envoy.config.endpoint.v3.Endpoint", "address", "hostname");
        fields(core + "TransportSocket", "name", "typed_config");
        fields(ApiVersions.UPSTREAM_TLS, "sni", "common_tls_context");
        fields("envoy.extensions.transport_sockets.tls.v3.CommonTlsContext", "validation_context", "alpn_protocols");
        fields("envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext", "trusted_ca");
    }

    /** The issue 3 scope. */
    public static StaticCoverage issue3() {
        return INSTANCE;
    }

    private void fields(String message, String... names) {
        fields.put(message, Set.of(names));
    }

    private void values(String messageField, String... allowed) {
        values.put(messageField, Set.of(allowed));
    }

    @Override
    public boolean implementsField(String message, String field) {
        Set<String> f = fields.get(message);
        return f != null && (f.contains(ALL) || f.contains(field));
    }

    /**
     * ipv4_compat only changes how an address is bound (Envoy ignores it on endpoints): listeners honour it, the
     * admin listener does not.
     */
    @Override
    public boolean implementsField(String message, String field, String pointer) {
        if (message.endsWith("core.v3.SocketAddress") && field.equals("ipv4_compat")) {
            return !pointer.startsWith("/admin/");
        }
        return implementsField(message, field);
    }

    @Override
    public boolean implementsType(String typeUrl) {
        return typeUrl != null && types.contains(Tree.messageName(typeUrl));
    }

    @Override
    public boolean implementsValue(String message, String field, Object value) {
        Set<String> allowed = values.get(message + "." + field);
        String v = Tree.enumValue(value);
        return allowed == null || v == null || allowed.contains(v.toUpperCase(Locale.ROOT));
    }
}
