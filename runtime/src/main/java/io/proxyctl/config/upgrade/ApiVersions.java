package io.proxyctl.config.upgrade;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What proxyctl knows about Envoy API versions and extension names: which messages are v2 and what replaced
 * them in v3, the deprecated extension names and their canonical replacements, and the v3 config message of
 * each well-known extension.
 *
 * <p>The v2 to v3 message table ({@code v2-v3-messages.txt}) is generated from the
 * {@code previous_message_type} annotations of the official v3 protos and lists every v2 message of the API
 * ({@code -} where no v3 message replaces it); {@code ApiTablesTest} proves it current. Names outside the API
 * (typos, messages newer than the table) go through the package renames of envoy.md section 2.2.
 */
public final class ApiVersions {
    /** The type URL prefix Envoy configs use. */
    public static final String TYPE_PREFIX = "type.googleapis.com/";

    public static final String HCM = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
    public static final String TCP_PROXY = "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";
    public static final String ROUTER = "envoy.extensions.filters.http.router.v3.Router";
    public static final String UPSTREAM_TLS = "envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext";
    public static final String DOWNSTREAM_TLS = "envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext";
    public static final String FILE_ACCESS_LOG = "envoy.extensions.access_loggers.file.v3.FileAccessLog";
    public static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
    public static final String PROXY_PROTOCOL = "envoy.extensions.filters.listener.proxy_protocol.v3.ProxyProtocol";

    private static final Pattern V2_SEGMENT = Pattern.compile("v2(alpha\\d*|beta\\d*)?");
    private static final Pattern FILTER_PACKAGE =
            Pattern.compile("envoy\\.config\\.filter\\.(http|network|listener|udp)\\.([a-z0-9_]+)\\.v2\\w*\\.(.+)");
    private static final Map<String, String> API_V2_SUBPACKAGES = Map.of(
            "core", "envoy.config.core.v3",
            "route", "envoy.config.route.v3",
            "listener", "envoy.config.listener.v3",
            "endpoint", "envoy.config.endpoint.v3",
            "cluster", "envoy.config.cluster.v3",
            "auth", "envoy.extensions.transport_sockets.tls.v3",
            "ratelimit", "envoy.extensions.common.ratelimit.v3");
    private static final Map<String, String> FILTER_RENAMES = Map.of(
            "rate_limit", "ratelimit",
            "transcoder", "grpc_json_transcoder");

    private static final Map<ExtensionPoint, Map<String, String>> DEPRECATED_NAMES = new EnumMap<>(ExtensionPoint.class);
    private static final Map<ExtensionPoint, Map<String, String>> TYPES = new EnumMap<>(ExtensionPoint.class);

    private static volatile Map<String, String> v2ToV3;

    static {
        names(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.",
                "http_connection_manager", "tcp_proxy", "mongo_proxy", "redis_proxy", "echo", "client_ssl_auth",
                "ext_authz", "ratelimit");
        names(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.",
                "router", "cors", "buffer", "fault", "gzip", "health_check", "lua", "csrf", "squash", "ip_tagging",
                "grpc_web", "grpc_json_transcoder", "grpc_http1_bridge", "ext_authz");
        DEPRECATED_NAMES.get(ExtensionPoint.HTTP_FILTER).put("envoy.rate_limit", "envoy.filters.http.ratelimit");
        DEPRECATED_NAMES.get(ExtensionPoint.HTTP_FILTER).put("envoy.http_dynamo_filter", "envoy.filters.http.dynamo");
        names(ExtensionPoint.LISTENER_FILTER, "envoy.filters.listener.",
                "tls_inspector", "original_dst", "proxy_protocol", "original_src", "http_inspector");
        for (String n : new String[] {"tls_inspector", "original_dst", "proxy_protocol", "original_src", "http_inspector"}) {
            DEPRECATED_NAMES.get(ExtensionPoint.LISTENER_FILTER).put("envoy.listener." + n, "envoy.filters.listener." + n);
            DEPRECATED_NAMES.get(ExtensionPoint.LISTENER_FILTER).remove("envoy." + n);
        }
        rename(ExtensionPoint.ACCESS_LOG, "envoy.file_access_log", "envoy.access_loggers.file");
        rename(ExtensionPoint.ACCESS_LOG, "envoy.http_grpc_access_log", "envoy.access_loggers.http_grpc");
        rename(ExtensionPoint.ACCESS_LOG, "envoy.tcp_grpc_access_log", "envoy.access_loggers.tcp_grpc");
        rename(ExtensionPoint.STATS_SINK, "envoy.statsd", "envoy.stat_sinks.statsd");
        rename(ExtensionPoint.STATS_SINK, "envoy.dog_statsd", "envoy.stat_sinks.dog_statsd");
        rename(ExtensionPoint.STATS_SINK, "envoy.metrics_service", "envoy.stat_sinks.metrics_service");
        rename(ExtensionPoint.TRACER, "envoy.zipkin", "envoy.tracers.zipkin");
        rename(ExtensionPoint.TRACER, "envoy.lightstep", "envoy.tracers.lightstep");
        rename(ExtensionPoint.TRACER, "envoy.dynamic.ot", "envoy.tracers.dynamic_ot");
        for (ExtensionPoint ts : new ExtensionPoint[] {ExtensionPoint.UPSTREAM_TRANSPORT_SOCKET,
            ExtensionPoint.DOWNSTREAM_TRANSPORT_SOCKET}) {
            rename(ts, "tls", "envoy.transport_sockets.tls");
            rename(ts, "raw_buffer", "envoy.transport_sockets.raw_buffer");
        }
        DEPRECATED_NAMES.put(ExtensionPoint.PER_ROUTE, DEPRECATED_NAMES.get(ExtensionPoint.HTTP_FILTER));

        String nf = "envoy.extensions.filters.network.";
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.http_connection_manager", HCM);
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.tcp_proxy", TCP_PROXY);
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.redis_proxy", nf + "redis_proxy.v3.RedisProxy");
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.mongo_proxy", nf + "mongo_proxy.v3.MongoProxy");
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.ratelimit", nf + "ratelimit.v3.RateLimit");
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.ext_authz", nf + "ext_authz.v3.ExtAuthz");
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.echo", nf + "echo.v3.Echo");
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.rbac", nf + "rbac.v3.RBAC");
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.sni_cluster", nf + "sni_cluster.v3.SniCluster");
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.thrift_proxy", nf + "thrift_proxy.v3.ThriftProxy");
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.dubbo_proxy", nf + "dubbo_proxy.v3.DubboProxy");
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.direct_response", nf + "direct_response.v3.Config");
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.local_ratelimit", nf + "local_ratelimit.v3.LocalRateLimit");
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.connection_limit", nf + "connection_limit.v3.ConnectionLimit");
        type(ExtensionPoint.NETWORK_FILTER, "envoy.filters.network.zookeeper_proxy", nf + "zookeeper_proxy.v3.ZooKeeperProxy");

        String hf = "envoy.extensions.filters.http.";
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.router", ROUTER);
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.cors", hf + "cors.v3.Cors");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.buffer", hf + "buffer.v3.Buffer");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.fault", hf + "fault.v3.HTTPFault");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.gzip", hf + "gzip.v3.Gzip");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.health_check", hf + "health_check.v3.HealthCheck");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.lua", hf + "lua.v3.Lua");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.csrf", hf + "csrf.v3.CsrfPolicy");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.ip_tagging", hf + "ip_tagging.v3.IPTagging");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.grpc_web", hf + "grpc_web.v3.GrpcWeb");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.grpc_json_transcoder",
                hf + "grpc_json_transcoder.v3.GrpcJsonTranscoder");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.grpc_http1_bridge", hf + "grpc_http1_bridge.v3.Config");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.ratelimit", hf + "ratelimit.v3.RateLimit");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.ext_authz", hf + "ext_authz.v3.ExtAuthz");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.jwt_authn", hf + "jwt_authn.v3.JwtAuthentication");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.rbac", hf + "rbac.v3.RBAC");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.header_to_metadata", hf + "header_to_metadata.v3.Config");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.original_src", hf + "original_src.v3.OriginalSrc");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.tap", hf + "tap.v3.Tap");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.grpc_stats", hf + "grpc_stats.v3.FilterConfig");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.adaptive_concurrency",
                hf + "adaptive_concurrency.v3.AdaptiveConcurrency");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.compressor", hf + "compressor.v3.Compressor");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.local_ratelimit", hf + "local_ratelimit.v3.LocalRateLimit");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.dynamic_forward_proxy",
                hf + "dynamic_forward_proxy.v3.FilterConfig");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.on_demand", hf + "on_demand.v3.OnDemand");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.aws_lambda", hf + "aws_lambda.v3.Config");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.aws_request_signing",
                hf + "aws_request_signing.v3.AwsRequestSigning");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.grpc_http1_reverse_bridge",
                hf + "grpc_http1_reverse_bridge.v3.FilterConfig");
        type(ExtensionPoint.HTTP_FILTER, "envoy.filters.http.wasm", hf + "wasm.v3.Wasm");

        String lf = "envoy.extensions.filters.listener.";
        type(ExtensionPoint.LISTENER_FILTER, "envoy.filters.listener.tls_inspector", lf + "tls_inspector.v3.TlsInspector");
        type(ExtensionPoint.LISTENER_FILTER, "envoy.filters.listener.original_dst", lf + "original_dst.v3.OriginalDst");
        type(ExtensionPoint.LISTENER_FILTER, "envoy.filters.listener.proxy_protocol", PROXY_PROTOCOL);
        type(ExtensionPoint.LISTENER_FILTER, "envoy.filters.listener.original_src", lf + "original_src.v3.OriginalSrc");
        type(ExtensionPoint.LISTENER_FILTER, "envoy.filters.listener.http_inspector", lf + "http_inspector.v3.HttpInspector");

        String al = "envoy.extensions.access_loggers.";
        type(ExtensionPoint.ACCESS_LOG, "envoy.access_loggers.file", FILE_ACCESS_LOG);
        type(ExtensionPoint.ACCESS_LOG, "envoy.access_loggers.http_grpc", al + "grpc.v3.HttpGrpcAccessLogConfig");
        type(ExtensionPoint.ACCESS_LOG, "envoy.access_loggers.tcp_grpc", al + "grpc.v3.TcpGrpcAccessLogConfig");
        type(ExtensionPoint.ACCESS_LOG, "envoy.access_loggers.stdout", al + "stream.v3.StdoutAccessLog");
        type(ExtensionPoint.ACCESS_LOG, "envoy.access_loggers.stderr", al + "stream.v3.StderrAccessLog");

        String raw = "envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer";
        type(ExtensionPoint.UPSTREAM_TRANSPORT_SOCKET, "envoy.transport_sockets.tls", UPSTREAM_TLS);
        type(ExtensionPoint.UPSTREAM_TRANSPORT_SOCKET, "envoy.transport_sockets.raw_buffer", raw);
        type(ExtensionPoint.DOWNSTREAM_TRANSPORT_SOCKET, "envoy.transport_sockets.tls", DOWNSTREAM_TLS);
        type(ExtensionPoint.DOWNSTREAM_TRANSPORT_SOCKET, "envoy.transport_sockets.raw_buffer", raw);

        type(ExtensionPoint.STATS_SINK, "envoy.stat_sinks.statsd", "envoy.config.metrics.v3.StatsdSink");
        type(ExtensionPoint.STATS_SINK, "envoy.stat_sinks.dog_statsd", "envoy.config.metrics.v3.DogStatsdSink");
        type(ExtensionPoint.STATS_SINK, "envoy.stat_sinks.metrics_service", "envoy.config.metrics.v3.MetricsServiceConfig");
        type(ExtensionPoint.STATS_SINK, "envoy.stat_sinks.hystrix", "envoy.config.metrics.v3.HystrixSink");
        type(ExtensionPoint.TRACER, "envoy.tracers.zipkin", "envoy.config.trace.v3.ZipkinConfig");
        type(ExtensionPoint.TRACER, "envoy.tracers.lightstep", "envoy.config.trace.v3.LightstepConfig");
        type(ExtensionPoint.TRACER, "envoy.tracers.dynamic_ot", "envoy.config.trace.v3.DynamicOtConfig");
        type(ExtensionPoint.TRACER, "envoy.tracers.datadog", "envoy.config.trace.v3.DatadogConfig");
        type(ExtensionPoint.TRACER, "envoy.tracers.xray", "envoy.config.trace.v3.XRayConfig");
        type(ExtensionPoint.HEALTH_CHECKER, "envoy.health_checkers.redis", "envoy.extensions.health_checkers.redis.v3.Redis");
        type(ExtensionPoint.RESOURCE_MONITOR, "envoy.resource_monitors.fixed_heap",
                "envoy.extensions.resource_monitors.fixed_heap.v3.FixedHeapConfig");
        type(ExtensionPoint.RESOURCE_MONITOR, "envoy.resource_monitors.injected_resource",
                "envoy.extensions.resource_monitors.injected_resource.v3.InjectedResourceConfig");
        type(ExtensionPoint.RETRY_HOST_PREDICATE, "envoy.retry_host_predicates.previous_hosts",
                "envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate");
        type(ExtensionPoint.RETRY_HOST_PREDICATE, "envoy.retry_host_predicates.omit_canary_hosts",
                "envoy.extensions.retry.host.omit_canary_hosts.v3.OmitCanaryHostsPredicate");
        type(ExtensionPoint.RETRY_HOST_PREDICATE, "envoy.retry_host_predicates.omit_host_metadata",
                "envoy.extensions.retry.host.omit_host_metadata.v3.OmitHostMetadataConfig");
        type(ExtensionPoint.RETRY_PRIORITY, "envoy.retry_priorities.previous_priorities",
                "envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig");

        type(ExtensionPoint.PER_ROUTE, "envoy.filters.http.lua", hf + "lua.v3.LuaPerRoute");
        type(ExtensionPoint.PER_ROUTE, "envoy.filters.http.ext_authz", hf + "ext_authz.v3.ExtAuthzPerRoute");
        type(ExtensionPoint.PER_ROUTE, "envoy.filters.http.fault", hf + "fault.v3.HTTPFault");
        type(ExtensionPoint.PER_ROUTE, "envoy.filters.http.buffer", hf + "buffer.v3.BufferPerRoute");
        type(ExtensionPoint.PER_ROUTE, "envoy.filters.http.rbac", hf + "rbac.v3.RBACPerRoute");
        type(ExtensionPoint.PER_ROUTE, "envoy.filters.http.csrf", hf + "csrf.v3.CsrfPolicy");
        type(ExtensionPoint.PER_ROUTE, "envoy.filters.http.jwt_authn", hf + "jwt_authn.v3.PerRouteConfig");
        type(ExtensionPoint.PER_ROUTE, "envoy.filters.http.header_to_metadata", hf + "header_to_metadata.v3.Config");
    }

    private ApiVersions() {
    }

    private static void names(ExtensionPoint p, String canonicalPrefix, String... suffixes) {
        for (String s : suffixes) {
            rename(p, "envoy." + s, canonicalPrefix + s);
        }
    }

    private static void rename(ExtensionPoint p, String deprecated, String canonical) {
        DEPRECATED_NAMES.computeIfAbsent(p, k -> new HashMap<>()).put(deprecated, canonical);
    }

    private static void type(ExtensionPoint p, String name, String message) {
        TYPES.computeIfAbsent(p, k -> new LinkedHashMap<>()).put(name, message);
    }

    /** True for a message of the v2 API: envoy.api.v2.*, any envoy.* package with a v2/v2alphaN segment. */
    public static boolean isV2Message(String message) {
        if (message == null || !message.startsWith("envoy.")) {
            return false;
        }
        String[] parts = message.split("\\.");
        boolean v2 = false;
        for (String p : parts) {
            if (p.equals("v3") || p.matches("v3alpha\\d*") || p.equals("v4alpha")) {
                return false;
            }
            if (V2_SEGMENT.matcher(p).matches()) {
                v2 = true;
            }
        }
        return v2;
    }

    /** True for a message of the v3 API (an envoy.* package with a v3 segment). */
    public static boolean isV3Message(String message) {
        if (message == null || !message.startsWith("envoy.")) {
            return false;
        }
        for (String p : message.split("\\.")) {
            if (p.equals("v3")) {
                return true;
            }
        }
        return false;
    }

    /** The v3 message replacing a v2 message, or null when the name is not v2 or has no known successor. */
    public static String upgradeMessage(String v2) {
        if (!isV2Message(v2)) {
            return null;
        }
        String known = table().get(v2);
        if (known != null) {
            return known.equals("-") ? null : known;
        }
        return byPackageRules(v2);
    }

    /** The v3 name the package renames of envoy.md section 2.2 give a v2 message (whether or not it exists). */
    static String byPackageRules(String v2) {
        Matcher f = FILTER_PACKAGE.matcher(v2);
        if (f.matches()) {
            String name = FILTER_RENAMES.getOrDefault(f.group(2), f.group(2));
            return "envoy.extensions.filters." + f.group(1) + "." + name + ".v3." + f.group(3);
        }
        String[] p = v2.split("\\.");
        if (p.length >= 5 && p[1].equals("api") && p[2].equals("v2") && API_V2_SUBPACKAGES.containsKey(p[3])) {
            return API_V2_SUBPACKAGES.get(p[3]) + "." + String.join(".", java.util.Arrays.copyOfRange(p, 4, p.length));
        }
        if (p.length >= 5 && p[1].equals("config") && V2_SEGMENT.matcher(p[3]).matches()) {
            return "envoy.config." + p[2] + ".v3." + String.join(".", java.util.Arrays.copyOfRange(p, 4, p.length));
        }
        if (p.length >= 6 && p[1].equals("config") && V2_SEGMENT.matcher(p[4]).matches()) {
            String area = switch (p[2]) {
                case "transport_socket" -> "envoy.extensions.transport_sockets.";
                case "health_checker" -> "envoy.extensions.health_checkers.";
                case "resource_monitor" -> "envoy.extensions.resource_monitors.";
                case "cluster" -> "envoy.extensions.clusters.";
                case "common" -> "envoy.extensions.common.";
                default -> null;
            };
            if (area != null) {
                return area + p[3] + ".v3." + String.join(".", java.util.Arrays.copyOfRange(p, 5, p.length));
            }
        }
        if (p.length >= 4 && p[1].equals("service") && V2_SEGMENT.matcher(p[3]).matches()) {
            return "envoy.service." + p[2] + ".v3." + String.join(".", java.util.Arrays.copyOfRange(p, 4, p.length));
        }
        return null;
    }

    /**
     * The v3 type URL for a v2 one, keeping the URL's host prefix; null when the URL does not name a v2 message
     * or its successor is unknown.
     */
    public static String upgradeTypeUrl(String typeUrl) {
        if (typeUrl == null) {
            return null;
        }
        int slash = typeUrl.lastIndexOf('/');
        String v3 = upgradeMessage(typeUrl.substring(slash + 1));
        return v3 == null ? null : typeUrl.substring(0, slash + 1) + v3;
    }

    /** The canonical name for a deprecated extension name at {@code point}; the name itself otherwise. */
    public static String canonicalName(ExtensionPoint point, String name) {
        if (name == null) {
            return null;
        }
        Map<String, String> m = DEPRECATED_NAMES.get(point);
        return m == null ? name : m.getOrDefault(name, name);
    }

    /** True when {@code name} is a deprecated extension name at {@code point}. */
    public static boolean isDeprecatedName(ExtensionPoint point, String name) {
        Map<String, String> m = DEPRECATED_NAMES.get(point);
        return m != null && m.containsKey(name);
    }

    /** The v3 config message of the extension called {@code name} (canonical or deprecated), or null if unknown. */
    public static String typeFor(ExtensionPoint point, String name) {
        Map<String, String> m = TYPES.get(point);
        return m == null ? null : m.get(canonicalName(point, name));
    }

    /** Every extension name with a known v3 config message at {@code point} (canonical name -> message). */
    public static Map<String, String> knownTypes(ExtensionPoint point) {
        return Map.copyOf(TYPES.getOrDefault(point, Map.of()));
    }

    /** Every deprecated name at {@code point} (deprecated -> canonical). */
    public static Map<String, String> deprecatedNames(ExtensionPoint point) {
        return Map.copyOf(DEPRECATED_NAMES.getOrDefault(point, Map.of()));
    }

    /** The generated v2 -> v3 message table. */
    public static Map<String, String> messageTable() {
        return table();
    }

    private static Map<String, String> table() {
        Map<String, String> t = v2ToV3;
        if (t == null) {
            t = loadTable();
            v2ToV3 = t;
        }
        return t;
    }

    private static Map<String, String> loadTable() {
        Map<String, String> out = new HashMap<>();
        try (InputStream in = ApiVersions.class.getResourceAsStream("v2-v3-messages.txt")) {
            if (in == null) {
                throw new IllegalStateException("v2-v3-messages.txt missing from the runtime jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int sp = line.indexOf(' ');
                out.put(line.substring(0, sp), line.substring(sp + 1).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }
}
