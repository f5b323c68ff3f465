package io.proxyctl.config.check;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.Map;

/**
 * Reports every field the API marks deprecated (Envoy logs "Using deprecated option ..." and may remove it),
 * with the replacement for the common ones. Which fields are deprecated comes from a {@link MessageSchema}: the
 * schema module's definitions ({@code "x-deprecated": true}) when present, else the builtin catalogue.
 */
final class DeprecatedFields {
    /** Replacement advice for commonly used deprecated fields, keyed message.field. */
    private static final Map<String, String> ADVICE = Map.ofEntries(
            Map.entry("envoy.config.bootstrap.v3.Admin.access_log_path",
                    "use admin.access_log with an envoy.access_loggers.file logger"),
            Map.entry("envoy.config.cluster.v3.Cluster.http_protocol_options", protocolOptions()),
            Map.entry("envoy.config.cluster.v3.Cluster.http2_protocol_options", protocolOptions()),
            Map.entry("envoy.config.cluster.v3.Cluster.common_http_protocol_options", protocolOptions()),
            Map.entry("envoy.config.cluster.v3.Cluster.upstream_http_protocol_options", protocolOptions()),
            Map.entry("envoy.config.cluster.v3.Cluster.protocol_selection", protocolOptions()),
            Map.entry("envoy.config.cluster.v3.Cluster.max_requests_per_connection", protocolOptions()),
            Map.entry("envoy.config.cluster.v3.Cluster.dns_refresh_rate", dnsCluster()),
            Map.entry("envoy.config.cluster.v3.Cluster.dns_failure_refresh_rate", dnsCluster()),
            Map.entry("envoy.config.cluster.v3.Cluster.respect_dns_ttl", dnsCluster()),
            Map.entry("envoy.config.cluster.v3.Cluster.dns_resolvers", dnsCluster()),
            Map.entry("envoy.config.cluster.v3.Cluster.use_tcp_for_dns_lookups", dnsCluster()),
            Map.entry("envoy.config.cluster.v3.Cluster.dns_resolution_config", dnsCluster()),
            Map.entry("envoy.config.route.v3.HeaderMatcher.exact_match", "use string_match: {exact: ...}"),
            Map.entry("envoy.config.route.v3.HeaderMatcher.prefix_match", "use string_match: {prefix: ...}"),
            Map.entry("envoy.config.route.v3.HeaderMatcher.suffix_match", "use string_match: {suffix: ...}"),
            Map.entry("envoy.config.route.v3.HeaderMatcher.contains_match", "use string_match: {contains: ...}"),
            Map.entry("envoy.config.route.v3.HeaderMatcher.safe_regex_match", "use string_match: {safe_regex: ...}"),
            Map.entry("envoy.type.matcher.v3.RegexMatcher.google_re2", "remove it: RE2 is the default regex engine"),
            Map.entry("envoy.config.route.v3.VirtualHost.cors", cors()),
            Map.entry("envoy.config.route.v3.RouteAction.cors", cors()),
            Map.entry("envoy.config.route.v3.WeightedCluster.total_weight", "remove it: the sum of the weights is used"),
            Map.entry("envoy.config.core.v3.HeaderValueOption.append", "use append_action"),
            Map.entry("envoy.config.core.v3.ConfigSource.path", "use path_config_source: {path: ...}"),
            Map.entry("envoy.extensions.access_loggers.file.v3.FileAccessLog.format", "use log_format.text_format_source"),
            Map.entry("envoy.extensions.access_loggers.file.v3.FileAccessLog.json_format", "use log_format.json_format"),
            Map.entry("envoy.extensions.access_loggers.file.v3.FileAccessLog.typed_json_format",
                    "use log_format.json_format"),
            Map.entry("envoy.config.listener.v3.FilterChain.use_proxy_proto",
                    "add the envoy.filters.listener.proxy_protocol listener filter"),
            Map.entry("envoy.config.listener.v3.Listener.reuse_port", "use enable_reuse_port"),
            Map.entry("envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext.match_subject_alt_names",
                    "use match_typed_subject_alt_names"));

    private DeprecatedFields() {
    }

    private static String protocolOptions() {
        return "use typed_extension_protocol_options: {envoy.extensions.upstreams.http.v3.HttpProtocolOptions: ...}";
    }

    private static String dnsCluster() {
        return "configure DNS with cluster_type and envoy.extensions.clusters.dns.v3.DnsCluster";
    }

    private static String cors() {
        return "use the CORS filter's typed_per_filter_config (envoy.extensions.filters.http.cors.v3.CorsPolicy)";
    }

    static void check(ConfigSource source, MessageSchema schema, Reporter r) {
        new MessageWalker(schema).walkDocument(source.root(), (message, field, info, pointer, value) -> {
            if (info != null && info.deprecated()) {
                String option = message + "." + field;
                r.atKey(DiagnosticCode.DEPRECATED_FIELD, pointer, "'" + field + "' is deprecated (Envoy: \"Using "
                        + "deprecated option '" + option + "'\"); it may be removed from Envoy",
                        ADVICE.getOrDefault(option, "see the Envoy API reference of " + message + " for its replacement"));
            }
            return true;
        });
    }
}
