package io.proxyctl.config.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the proxyctl runtime implements, per Envoy API message: the fields it honours, the extension type URLs it
 * serves and enum values it cannot serve. Lint warns about every configured field not listed here, and
 * {@code proxyctl run} prints the same warnings; keep it in step with the binder and the data plane.
 *
 * <p>Message names are full proto names without the {@code type.googleapis.com/} prefix, e.g.
 * {@code envoy.config.route.v3.RouteAction}; field names are snake_case.
 */
public final class RuntimeCoverage {
    private static final String HCM = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
    private static final String TLS = "envoy.extensions.transport_sockets.tls.v3.";
    private static final String TCP_PROXY = "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";
    private static final Map<String, Set<String>> FIELDS = new LinkedHashMap<>();
    private static final Map<String, Set<String>> UNSUPPORTED_VALUES = new LinkedHashMap<>();
    private static final Map<String, Set<String>> ONLY_VALUES = new LinkedHashMap<>();
    private static final Set<String> TYPE_URLS = Set.of(
            "type.googleapis.com/" + HCM,
            "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
            "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog",
            "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
            "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StderrAccessLog",
            "type.googleapis.com/" + TLS + "UpstreamTlsContext",
            "type.googleapis.com/" + TLS + "DownstreamTlsContext",
            "type.googleapis.com/" + TCP_PROXY,
            "type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector",
            "type.googleapis.com/envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer",
            "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
            "type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate",
            "type.googleapis.com/envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig");

    static {
        // node only identifies the proxy (no data-plane effect in a static config); the admin shows it.
        f("envoy.config.bootstrap.v3.Bootstrap", "node", "static_resources", "dynamic_resources", "admin",
                "stats_flush_interval", "stats_flush_on_admin", "overload_manager");
        // xDS: watched files (path, path_config_source) and ADS over gRPC; plain (non-aggregated) api_config_source
        // subscriptions are not implemented.
        f("envoy.config.bootstrap.v3.Bootstrap.DynamicResources", "lds_config", "cds_config", "ads_config");
        f("envoy.config.core.v3.ConfigSource", "path", "path_config_source", "ads", "initial_fetch_timeout",
                "resource_api_version");
        f("envoy.config.core.v3.PathConfigSource", "path", "watched_directory");
        f("envoy.config.core.v3.WatchedDirectory", "path");
        f("envoy.config.core.v3.AggregatedConfigSource");
        f("envoy.config.core.v3.ApiConfigSource", "api_type", "transport_api_version", "grpc_services");
        f("envoy.config.core.v3.GrpcService", "envoy_grpc", "timeout");
        f("envoy.config.core.v3.GrpcService.EnvoyGrpc", "cluster_name");
        f("envoy.extensions.filters.network.http_connection_manager.v3.Rds", "config_source", "route_config_name");
        f("envoy.config.cluster.v3.Cluster.EdsClusterConfig", "eds_config", "service_name");
        // Only the global downstream connection limit: other monitors and overload actions are not implemented.
        f("envoy.config.overload.v3.OverloadManager", "resource_monitors");
        f("envoy.config.overload.v3.ResourceMonitor", "name", "typed_config");
        f("envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig",
                "max_active_downstream_connections");
        f("envoy.config.core.v3.Node", "id", "cluster", "metadata", "locality", "user_agent_name");
        f("envoy.config.bootstrap.v3.Bootstrap.StaticResources", "listeners", "clusters");
        // allow_paths is bound and honoured too, but it is newer than the API version the schema is generated from.
        f("envoy.config.bootstrap.v3.Admin", "address", "access_log", "access_log_path");
        f("envoy.config.core.v3.Address", "socket_address");
        f("envoy.config.core.v3.SocketAddress", "protocol", "address", "port_value");
        f("envoy.config.listener.v3.Listener", "name", "address", "stat_prefix", "filter_chains",
                "default_filter_chain", "per_connection_buffer_limit_bytes", "tcp_backlog_size", "traffic_direction",
                "drain_type", "listener_filters", "listener_filters_timeout", "ignore_global_conn_limit");
        f("envoy.config.listener.v3.ListenerFilter", "name", "typed_config");
        f("envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector");
        f("envoy.config.listener.v3.FilterChain", "name", "filter_chain_match", "filters", "transport_socket");
        f("envoy.config.listener.v3.FilterChainMatch", "destination_port", "prefix_ranges",
                "direct_source_prefix_ranges", "source_type", "source_prefix_ranges", "source_ports", "server_names",
                "transport_protocol", "application_protocols");
        f("envoy.config.core.v3.CidrRange", "address_prefix", "prefix_len");
        f("envoy.config.listener.v3.Filter", "name", "typed_config");
        f(HCM, "codec_type", "stat_prefix", "route_config", "rds", "http_filters", "access_log", "use_remote_address",
                "xff_num_trusted_hops", "skip_xff_append", "via", "generate_request_id", "preserve_external_request_id",
                "always_set_request_id_in_response", "stream_idle_timeout", "drain_timeout",
                "common_http_protocol_options", "http_protocol_options", "upgrade_configs", "server_name",
                "server_header_transformation", "max_request_headers_kb", "proxy_100_continue", "request_headers_timeout",
                "strip_matching_host_port", "strip_any_host_port", "http2_protocol_options");
        f("envoy.config.core.v3.Http2ProtocolOptions", "max_concurrent_streams", "initial_stream_window_size",
                "initial_connection_window_size");
        f(HCM + ".UpgradeConfig", "upgrade_type", "enabled");
        f(TCP_PROXY, "stat_prefix", "cluster", "weighted_clusters", "idle_timeout", "max_connect_attempts", "access_log");
        f(TCP_PROXY + ".WeightedCluster", "clusters");
        f(TCP_PROXY + ".WeightedCluster.ClusterWeight", "name", "weight");
        f("envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter", "name", "typed_config");
        f("envoy.extensions.filters.http.router.v3.Router");
        f("envoy.config.core.v3.HttpProtocolOptions", "idle_timeout", "max_connection_duration",
                "max_requests_per_connection", "max_headers_count", "max_stream_duration");
        f("envoy.config.core.v3.Http1ProtocolOptions", "accept_http_10", "default_host_for_http_10",
                "allow_absolute_url");
        f("envoy.config.route.v3.RouteConfiguration", "name", "virtual_hosts", "request_headers_to_add",
                "request_headers_to_remove", "response_headers_to_add", "response_headers_to_remove",
                "ignore_port_in_host_matching", "most_specific_header_mutations_wins", "validate_clusters");
        f("envoy.config.route.v3.VirtualHost", "name", "domains", "routes", "request_headers_to_add",
                "request_headers_to_remove", "response_headers_to_add", "response_headers_to_remove", "retry_policy");
        f("envoy.config.route.v3.Route", "name", "match", "route", "redirect", "direct_response",
                "request_headers_to_add", "request_headers_to_remove", "response_headers_to_add",
                "response_headers_to_remove");
        f("envoy.config.route.v3.RouteMatch", "prefix", "path", "safe_regex", "path_separated_prefix",
                "connect_matcher", "case_sensitive", "headers", "query_parameters", "grpc");
        f("envoy.config.route.v3.RouteMatch.ConnectMatcher");
        f("envoy.config.route.v3.RouteMatch.GrpcRouteMatchOptions");
        f("envoy.config.route.v3.HeaderMatcher", "name", "exact_match", "safe_regex_match", "range_match",
                "present_match", "prefix_match", "suffix_match", "contains_match", "string_match", "invert_match",
                "treat_missing_header_as_empty");
        f("envoy.config.route.v3.QueryParameterMatcher", "name", "string_match", "present_match");
        f("envoy.type.matcher.v3.StringMatcher", "exact", "prefix", "suffix", "contains", "safe_regex", "ignore_case");
        f("envoy.type.matcher.v3.RegexMatcher", "regex", "google_re2");
        f("envoy.type.matcher.v3.RegexMatcher.GoogleRE2");
        f("envoy.type.matcher.v3.RegexMatchAndSubstitute", "pattern", "substitution");
        f("envoy.type.v3.Int64Range", "start", "end");
        f("envoy.type.v3.Percent", "value");
        f("envoy.config.route.v3.RouteAction", "cluster", "cluster_header", "weighted_clusters",
                "cluster_not_found_response_code", "prefix_rewrite", "regex_rewrite", "host_rewrite_literal",
                "auto_host_rewrite", "host_rewrite_header", "host_rewrite_path_regex", "timeout", "idle_timeout",
                "hash_policy", "upgrade_configs", "append_x_forwarded_host", "retry_policy", "priority", "max_stream_duration",
                "max_grpc_timeout", "grpc_timeout_offset");
        f("envoy.config.route.v3.RouteAction.MaxStreamDuration", "max_stream_duration", "grpc_timeout_header_max",
                "grpc_timeout_header_offset");
        f("envoy.config.route.v3.RetryPolicy", "retry_on", "num_retries", "per_try_timeout", "retry_back_off",
                "retriable_status_codes", "retriable_headers", "retry_host_predicate",
                "host_selection_retry_max_attempts");
        f("envoy.config.route.v3.RetryPolicy.RetryBackOff", "base_interval", "max_interval");
        // previous_hosts is the one retry host predicate served (its type URL is listed above); the others warn.
        f("envoy.config.route.v3.RetryPolicy.RetryHostPredicate", "name", "typed_config");
        f("envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate");
        f("envoy.config.route.v3.RouteAction.UpgradeConfig", "upgrade_type", "enabled");
        f("envoy.config.route.v3.WeightedCluster", "clusters", "total_weight");
        f("envoy.config.route.v3.WeightedCluster.ClusterWeight", "name", "cluster_header", "weight",
                "request_headers_to_add", "request_headers_to_remove", "response_headers_to_add",
                "response_headers_to_remove", "host_rewrite_literal");
        f("envoy.config.route.v3.RouteAction.HashPolicy", "header", "cookie", "connection_properties",
                "query_parameter", "terminal");
        f("envoy.config.route.v3.RouteAction.HashPolicy.Header", "header_name", "regex_rewrite");
        f("envoy.config.route.v3.RouteAction.HashPolicy.Cookie", "name", "ttl", "path");
        f("envoy.config.route.v3.RouteAction.HashPolicy.ConnectionProperties", "source_ip");
        f("envoy.config.route.v3.RouteAction.HashPolicy.QueryParameter", "name");
        f("envoy.config.route.v3.RedirectAction", "https_redirect", "scheme_redirect", "host_redirect",
                "port_redirect", "path_redirect", "prefix_rewrite", "regex_rewrite", "response_code", "strip_query");
        f("envoy.config.route.v3.DirectResponseAction", "status", "body");
        f("envoy.config.core.v3.DataSource", "filename", "inline_bytes", "inline_string", "environment_variable");
        f("envoy.config.core.v3.HeaderValueOption", "header", "append", "append_action", "keep_empty_value");
        f("envoy.config.core.v3.HeaderValue", "key", "value", "raw_value");
        f("envoy.config.accesslog.v3.AccessLog", "name", "typed_config");
        f("envoy.extensions.access_loggers.file.v3.FileAccessLog", "path", "log_format", "format", "json_format",
                "typed_json_format");
        f("envoy.extensions.access_loggers.stream.v3.StdoutAccessLog", "log_format");
        f("envoy.extensions.access_loggers.stream.v3.StderrAccessLog", "log_format");
        f("envoy.config.core.v3.SubstitutionFormatString", "text_format", "text_format_source", "json_format",
                "omit_empty_values");
        f("envoy.config.cluster.v3.Cluster", "name", "alt_stat_name", "type", "connect_timeout", "lb_policy",
                "load_assignment", "dns_lookup_family", "dns_refresh_rate", "dns_failure_refresh_rate",
                "common_lb_config", "ring_hash_lb_config", "maglev_lb_config", "least_request_lb_config",
                "transport_socket", "circuit_breakers", "typed_extension_protocol_options",
                "common_http_protocol_options", "max_requests_per_connection", "per_connection_buffer_limit_bytes",
                "health_checks", "outlier_detection", "http2_protocol_options", "eds_cluster_config");
        // Not honoured (so still warned about): the monitors extension list.
        f("envoy.config.cluster.v3.OutlierDetection", "consecutive_5xx", "consecutive_gateway_failure",
                "consecutive_local_origin_failure", "interval", "base_ejection_time", "max_ejection_time",
                "max_ejection_percent", "enforcing_consecutive_5xx", "enforcing_consecutive_gateway_failure",
                "enforcing_consecutive_local_origin_failure", "enforcing_success_rate",
                "enforcing_local_origin_success_rate", "enforcing_failure_percentage",
                "enforcing_failure_percentage_local_origin", "success_rate_minimum_hosts",
                "success_rate_request_volume", "success_rate_stdev_factor", "failure_percentage_threshold",
                "failure_percentage_minimum_hosts", "failure_percentage_request_volume",
                "split_external_local_origin_errors", "successful_active_health_check_uneject_host",
                "always_eject_one_host", "max_ejection_time_jitter");
        // Not honoured: event logging,
        // tls_options, transport_socket_match_criteria, gRPC and custom checkers.
        f("envoy.config.core.v3.HealthCheck", "timeout", "interval", "interval_jitter", "interval_jitter_percent",
                "initial_jitter", "no_traffic_interval", "no_traffic_healthy_interval", "unhealthy_interval",
                "unhealthy_edge_interval", "healthy_edge_interval", "unhealthy_threshold", "healthy_threshold",
                "http_health_check", "tcp_health_check", "reuse_connection", "alt_port");
        f("envoy.config.core.v3.HealthCheck.HttpHealthCheck", "host", "path", "method", "request_headers_to_add",
                "request_headers_to_remove", "expected_statuses", "retriable_statuses");
        f("envoy.config.core.v3.HealthCheck.TcpHealthCheck", "send", "receive");
        f("envoy.config.core.v3.HealthCheck.Payload", "text", "binary");
        f("envoy.config.cluster.v3.Cluster.RefreshRate", "base_interval");
        f("envoy.config.cluster.v3.Cluster.CommonLbConfig", "healthy_panic_threshold", "locality_weighted_lb_config");
        f("envoy.config.cluster.v3.Cluster.CommonLbConfig.LocalityWeightedLbConfig");
        f("envoy.config.cluster.v3.Cluster.RingHashLbConfig", "minimum_ring_size", "maximum_ring_size");
        f("envoy.config.cluster.v3.Cluster.MaglevLbConfig", "table_size");
        f("envoy.config.cluster.v3.Cluster.LeastRequestLbConfig", "choice_count");
        f("envoy.config.cluster.v3.CircuitBreakers", "thresholds", "per_host_thresholds");
        // Not honoured: max_connection_pools. In per_host_thresholds only priority and max_connections apply (as Envoy).
        f("envoy.config.cluster.v3.CircuitBreakers.Thresholds", "priority", "max_connections",
                "max_pending_requests", "max_requests", "max_retries", "retry_budget", "track_remaining");
        f("envoy.config.cluster.v3.CircuitBreakers.Thresholds.RetryBudget", "budget_percent",
                "min_retry_concurrency");
        f("envoy.config.endpoint.v3.ClusterLoadAssignment", "cluster_name", "endpoints", "policy");
        f("envoy.config.endpoint.v3.ClusterLoadAssignment.Policy", "overprovisioning_factor");
        f("envoy.config.endpoint.v3.LocalityLbEndpoints", "locality", "lb_endpoints", "load_balancing_weight",
                "priority");
        f("envoy.config.core.v3.Locality", "region", "zone", "sub_zone");
        f("envoy.config.endpoint.v3.LbEndpoint", "endpoint", "health_status", "load_balancing_weight");
        f("envoy.config.endpoint.v3.Endpoint", "address", "hostname", "health_check_config");
        f("envoy.config.endpoint.v3.Endpoint.HealthCheckConfig", "port_value");
        f("envoy.config.core.v3.TransportSocket", "name", "typed_config");
        f(TLS + "UpstreamTlsContext", "common_tls_context", "sni");
        f(TLS + "DownstreamTlsContext", "common_tls_context", "require_client_certificate");
        f(TLS + "CommonTlsContext", "tls_params", "tls_certificates", "validation_context", "alpn_protocols",
                "combined_validation_context");
        f(TLS + "CommonTlsContext.CombinedCertificateValidationContext", "default_validation_context");
        f(TLS + "TlsParameters", "tls_minimum_protocol_version", "tls_maximum_protocol_version", "cipher_suites");
        f(TLS + "TlsCertificate", "certificate_chain", "private_key", "password");
        f(TLS + "CertificateValidationContext", "trusted_ca", "match_typed_subject_alt_names",
                "match_subject_alt_names");
        f(TLS + "SubjectAltNameMatcher", "san_type", "matcher");
        f("envoy.extensions.upstreams.http.v3.HttpProtocolOptions", "common_http_protocol_options",
                "explicit_http_config", "use_downstream_protocol_config");
        f("envoy.extensions.upstreams.http.v3.HttpProtocolOptions.ExplicitHttpConfig", "http_protocol_options",
                "http2_protocol_options");
        f("envoy.extensions.upstreams.http.v3.HttpProtocolOptions.UseDownstreamHttpConfig", "http_protocol_options",
                "http2_protocol_options");
        f("envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer");

        u("envoy.config.cluster.v3.Cluster", "type", "ORIGINAL_DST", "4");
        ONLY_VALUES.put("envoy.config.core.v3.ApiConfigSource#api_type", Set.of("GRPC", "DELTA_GRPC", "AGGREGATED_GRPC",
                "AGGREGATED_DELTA_GRPC", "2", "3", "5", "6"));
        u("envoy.config.cluster.v3.Cluster", "lb_policy", "CLUSTER_PROVIDED", "LOAD_BALANCING_POLICY_CONFIG", "6", "7");
        u(HCM, "codec_type", "HTTP3", "3");
        u("envoy.config.core.v3.SocketAddress", "protocol", "UDP", "1");
        ONLY_VALUES.put(HCM + ".UpgradeConfig#upgrade_type", Set.of("WEBSOCKET"));
        ONLY_VALUES.put("envoy.config.route.v3.RouteAction.UpgradeConfig#upgrade_type", Set.of("WEBSOCKET"));
    }

    private RuntimeCoverage() {
    }

    private static void f(String message, String... fields) {
        FIELDS.put(message, Set.of(fields));
    }

    private static void u(String message, String field, String... values) {
        UNSUPPORTED_VALUES.put(message + "#" + field, Set.of(values));
    }

    /** Every message the runtime knows, with the fields it honours. */
    public static Map<String, Set<String>> honouredFields() {
        return Collections.unmodifiableMap(FIELDS);
    }

    /** The honoured fields of a message; empty for a message the runtime does not implement. */
    public static Set<String> fields(String message) {
        return FIELDS.getOrDefault(message, Set.of());
    }

    /** Whether the runtime implements {@code message} (even with no fields, like the router). */
    public static boolean knowsMessage(String message) {
        return FIELDS.containsKey(message);
    }

    /** Whether the runtime honours {@code field} of {@code message}. */
    public static boolean honours(String message, String field) {
        return fields(message).contains(field);
    }

    /** The extension type URLs ({@code type.googleapis.com/...}) the runtime implements. */
    public static Set<String> implementedTypeUrls() {
        return TYPE_URLS;
    }

    public static boolean implementsTypeUrl(String typeUrl) {
        return TYPE_URLS.contains(typeUrl);
    }

    /** Enum values (names and numbers) of an honoured field that the runtime cannot serve (e.g. Cluster.type EDS). */
    public static Set<String> unsupportedValues(String message, String field) {
        return UNSUPPORTED_VALUES.getOrDefault(message + "#" + field, Set.of());
    }

    /**
     * Whether the runtime serves {@code value} (an enum name, case-insensitive, or number; or a string such as an
     * upgrade type) in {@code message.field}.
     */
    public static boolean implementsValue(String message, String field, String value) {
        if (value == null) {
            return true;
        }
        String v = value.trim().toUpperCase(java.util.Locale.ROOT);
        Set<String> only = ONLY_VALUES.get(message + "#" + field);
        if (only != null && !only.contains(v)) {
            return false;
        }
        return !unsupportedValues(message, field).contains(v);
    }
}
