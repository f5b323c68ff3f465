package io.proxyctl.config.bind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.model.AccessLog;
import io.proxyctl.config.model.Bootstrap;
import io.proxyctl.config.model.Cluster;
import io.proxyctl.config.model.HeaderMatcher;
import io.proxyctl.config.model.HeaderValueOption;
import io.proxyctl.config.model.HttpConnectionManager;
import io.proxyctl.config.model.LbEndpoint;
import io.proxyctl.config.model.LbPolicy;
import io.proxyctl.config.model.NetworkFilter;
import io.proxyctl.config.model.Redirect;
import io.proxyctl.config.model.Route;
import io.proxyctl.config.model.RouteAction;
import io.proxyctl.config.model.RouteMatch;
import io.proxyctl.config.model.StringMatcher;
import io.proxyctl.config.model.TcpProxy;
import io.proxyctl.config.model.UpstreamTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Binding the v3 tree: proto3 JSON forms, defaults, and errors with pointers. */
class BootstrapBinderTest {
    @SuppressWarnings("unchecked")
    static Bootstrap bind(String yaml) {
        LoadResult r = YamlLoader.loadText("t.yaml", yaml);
        assertTrue(r.ok(), r.diagnostics().toString());
        return BootstrapBinder.bind((Map<String, Object>) r.source().root());
    }

    static final String HCM_TYPE = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";

    private static HttpConnectionManager hcm(Bootstrap b) {
        return (HttpConnectionManager) b.listeners().get(0).filterChains().get(0).filters().get(0);
    }

    private static String withHcm(String hcmBody) {
        return """
                static_resources:
                  listeners:
                  - name: l
                    address: { socket_address: { address: 0.0.0.0, port_value: 10000 } }
                    filter_chains:
                    - filters:
                      - name: hcm
                        typed_config:
                          "@type": %s
                %s
                """.formatted(HCM_TYPE, io.proxyctl.testing.Configs.indent(hcmBody, 10));
    }

    @Test
    void defaultsAreEnvoys() {
        Bootstrap b = bind(withHcm("""
                stat_prefix: s
                route_config:
                  virtual_hosts:
                  - name: v
                    domains: ["*"]
                    routes: [ { match: { prefix: / }, route: { cluster: c } } ]
                """) + """
                  clusters:
                  - name: c
                """);
        HttpConnectionManager h = hcm(b);
        assertEquals(Duration.ofSeconds(5), h.timeouts().drainTimeout());
        assertEquals(Duration.ofMinutes(5), h.timeouts().streamIdleTimeout());
        assertEquals(Duration.ofHours(1), h.timeouts().idleTimeout());
        assertEquals("envoy", h.serverName());
        assertEquals(60, h.maxRequestHeadersKb());
        assertTrue(h.forwarding().generateRequestId());
        assertFalse(h.forwarding().useRemoteAddress());
        RouteAction a = (RouteAction) h.routeConfig().virtualHosts().get(0).routes().get(0).action();
        assertEquals(Duration.ofSeconds(15), a.timeout());
        assertNull(a.idleTimeout());
        assertEquals(503, a.clusterNotFoundResponseCode());
        Cluster c = b.cluster("c");
        assertEquals(Duration.ofSeconds(5), c.connectTimeout());
        assertEquals(Cluster.DiscoveryType.STATIC, c.type());
        assertEquals(LbPolicy.ROUND_ROBIN, c.lbPolicy());
        assertEquals(Duration.ofSeconds(5), c.dnsRefreshRate());
        assertEquals(1024, c.circuitBreakers().maxRequests());
        assertTrue(h.routeConfig().validateClusters());
        assertEquals("0.0.0.0:10000", b.listeners().get(0).address().toString());
        assertEquals("listener.0.0.0.0_10000", b.listeners().get(0).statRoot());
    }

    @Test
    void camelCaseKeysCaseInsensitiveEnumsDurationsAndStringInts() {
        Bootstrap b = bind("""
                staticResources:
                  clusters:
                  - name: c
                    type: strict_dns
                    lbPolicy: maglev
                    connectTimeout: 0.25s
                    dnsLookupFamily: v4_only
                    dnsRefreshRate: "1.5s"
                    perConnectionBufferLimitBytes: "32768"
                    maglevLbConfig: { tableSize: "65537" }
                    circuitBreakers: { thresholds: [ { maxRequests: 7 } ] }
                    loadAssignment:
                      clusterName: c
                      endpoints:
                      - priority: 1
                        loadBalancingWeight: 2
                        lbEndpoints:
                        - endpoint: { address: { socketAddress: { address: a.example, portValue: "8080" } }, hostname: h }
                          loadBalancingWeight: 3
                          healthStatus: draining
                """);
        Cluster c = b.cluster("c");
        assertEquals(Cluster.DiscoveryType.STRICT_DNS, c.type());
        assertEquals(LbPolicy.MAGLEV, c.lbPolicy());
        assertEquals(Duration.ofMillis(250), c.connectTimeout());
        assertEquals(Cluster.DnsLookupFamily.V4_ONLY, c.dnsLookupFamily());
        assertEquals(Duration.ofMillis(1500), c.dnsRefreshRate());
        assertEquals(32768, c.perConnectionBufferLimitBytes());
        assertEquals(65537, c.lbConfig().maglevTableSize());
        assertEquals(7, c.circuitBreakers().maxRequests());
        LbEndpoint ep = c.loadAssignment().endpoints().get(0).lbEndpoints().get(0);
        assertEquals(8080, ep.address().port());
        assertEquals("h", ep.hostname());
        assertEquals(3, ep.weight());
        assertEquals(LbEndpoint.HealthStatus.DRAINING, ep.healthStatus());
        assertEquals(1, c.loadAssignment().endpoints().get(0).priority());
        assertEquals(2, c.loadAssignment().endpoints().get(0).loadBalancingWeight());
    }

    @Test
    void enumNumbersFollowProtoNumbering() {
        Bootstrap b = bind("""
                static_resources:
                  clusters:
                  - { name: a, lb_policy: 5 }
                  - { name: b, lb_policy: 3 }
                """);
        assertEquals(LbPolicy.MAGLEV, b.cluster("a").lbPolicy());
        assertEquals(LbPolicy.RANDOM, b.cluster("b").lbPolicy());
    }

    @Test
    void routesMatchersAndActions() {
        Bootstrap b = bind(withHcm("""
                stat_prefix: s
                route_config:
                  virtual_hosts:
                  - name: v
                    domains: ["*"]
                    routes:
                    - match:
                        safe_regex: { google_re2: {}, regex: "/r.*" }
                        case_sensitive: false
                        headers:
                        - { name: X-A, exact_match: one }
                        - { name: x-b, string_match: { suffix: z, ignore_case: true }, invert_match: true }
                        - { name: x-c, range_match: { start: "1", end: "10" } }
                        - { name: x-d, present_match: false }
                        - { name: x-e }
                        query_parameters:
                        - { name: q, string_match: { prefix: p } }
                        - { name: flag, present_match: true }
                      route:
                        weighted_clusters: { clusters: [ { name: a, weight: 1 }, { name: b, weight: 2, host_rewrite_literal: h } ] }
                        regex_rewrite: { pattern: { regex: "^/r" }, substitution: "/s" }
                        auto_host_rewrite: true
                        idle_timeout: 2s
                        hash_policy: [ { cookie: { name: k, ttl: 10s } , terminal: true }, { connection_properties: { source_ip: true } } ]
                        cluster_not_found_response_code: NOT_FOUND
                      request_headers_to_add:
                      - { header: { key: X-Up, value: v }, append: false }
                      - { header: { key: x-keep, value: v }, append_action: ADD_IF_ABSENT }
                    - match: { path_separated_prefix: /api }
                      redirect: { https_redirect: true, response_code: TEMPORARY_REDIRECT, strip_query: true, port_redirect: 443 }
                """));
        List<Route> routes = hcm(b).routeConfig().virtualHosts().get(0).routes();
        RouteMatch m = routes.get(0).match();
        assertEquals(new RouteMatch.PathMatch.SafeRegex("/r.*"), m.path());
        assertFalse(m.caseSensitive());
        assertEquals("x-a", m.headers().get(0).name());
        assertEquals(new HeaderMatcher.Match.Str(new StringMatcher(StringMatcher.Kind.EXACT, "one", false)), m.headers().get(0).match());
        assertTrue(m.headers().get(1).invert());
        assertEquals(new HeaderMatcher.Match.Range(1, 10), m.headers().get(2).match());
        assertEquals(new HeaderMatcher.Match.Present(false), m.headers().get(3).match());
        assertEquals(new HeaderMatcher.Match.Present(true), m.headers().get(4).match());
        assertNull(m.queryParameters().get(1).stringMatch());
        RouteAction a = (RouteAction) routes.get(0).action();
        assertEquals(404, a.clusterNotFoundResponseCode());
        assertInstanceOf(RouteAction.ClusterSpecifier.Weighted.class, a.cluster());
        assertEquals("h", ((RouteAction.ClusterSpecifier.Weighted) a.cluster()).clusters().get(1).hostRewriteLiteral());
        assertInstanceOf(RouteAction.HostRewrite.Auto.class, a.hostRewrite());
        assertEquals(Duration.ofSeconds(2), a.idleTimeout());
        assertTrue(a.hashPolicy().get(0).terminal());
        List<HeaderValueOption> add = routes.get(0).headers().requestHeadersToAdd();
        assertEquals("x-up", add.get(0).key());
        assertEquals(HeaderValueOption.AppendAction.OVERWRITE_IF_EXISTS_OR_ADD, add.get(0).appendAction());
        assertEquals(HeaderValueOption.AppendAction.ADD_IF_ABSENT, add.get(1).appendAction());
        Redirect r = (Redirect) routes.get(1).action();
        assertEquals("https", r.scheme());
        assertEquals(307, r.responseCode());
        assertEquals(443, r.port());
        assertTrue(r.stripQuery());
        assertEquals(new RouteMatch.PathMatch.PathSeparatedPrefix("/api"), routes.get(1).match().path());
    }

    @Test
    void typedStructAndV2NamesAreUnderstood() {
        Bootstrap b = bind("""
                static_resources:
                  listeners:
                  - address: { socket_address: { address: 127.0.0.1, port_value: 80 } }
                    filter_chains:
                    - filters:
                      - name: envoy.http_connection_manager
                        typed_config:
                          "@type": type.googleapis.com/udpa.type.v1.TypedStruct
                          type_url: type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          value:
                            stat_prefix: ts
                            route_config: { virtual_hosts: [] }
                            http_filters: [ { name: envoy.router } ]
                            access_log:
                            - name: envoy.file_access_log
                              typed_config: { "@type": type.googleapis.com/envoy.config.accesslog.v2.FileAccessLog, path: /tmp/x, format: "%PROTOCOL%" }
                    - filters:
                      - name: t
                        typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy, stat_prefix: t, cluster: c }
                      - name: x
                        typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.network.redis_proxy.v3.RedisProxy }
                """);
        assertEquals("127.0.0.1:80", b.listeners().get(0).name(), "an unnamed listener is named by its address");
        HttpConnectionManager h = hcm(b);
        assertEquals("ts", h.statPrefix());
        assertTrue(h.httpFilters().get(0).isRouter());
        AccessLog log = h.accessLog().get(0);
        assertEquals(new AccessLog.Sink.File("/tmp/x"), log.sink());
        assertEquals(new AccessLog.Format.Text("%PROTOCOL%"), log.format());
        List<NetworkFilter> second = b.listeners().get(0).filterChains().get(1).filters();
        assertInstanceOf(TcpProxy.class, second.get(0));
        assertEquals(new NetworkFilter.Opaque("x", "type.googleapis.com/envoy.extensions.filters.network.redis_proxy.v3.RedisProxy"),
                second.get(1));
    }

    @Test
    void upstreamTlsAndProtocolOptions() {
        Bootstrap b = bind("""
                static_resources:
                  clusters:
                  - name: c
                    transport_socket:
                      name: envoy.transport_sockets.tls
                      typed_config:
                        "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
                        sni: api.example
                        common_tls_context:
                          alpn_protocols: [h2, http/1.1]
                          tls_params: { tls_minimum_protocol_version: TLSv1_2, tls_maximum_protocol_version: TLSv1_3 }
                          validation_context: { trusted_ca: { filename: /etc/ssl/ca.pem } }
                    typed_extension_protocol_options:
                      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                        "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                        common_http_protocol_options: { idle_timeout: 30s, max_requests_per_connection: 100 }
                        explicit_http_config: { http_protocol_options: {} }
                """);
        Cluster c = b.cluster("c");
        UpstreamTls t = c.tls();
        assertEquals("api.example", t.sni());
        assertEquals(List.of("h2", "http/1.1"), t.alpnProtocols());
        assertEquals("/etc/ssl/ca.pem", t.validation().trustedCa().value());
        assertEquals("TLSv1_3", t.maxProtocolVersion());
        assertEquals(Duration.ofSeconds(30), c.http().idleTimeout());
        assertEquals(100, c.http().maxRequestsPerConnection());
        assertFalse(c.http().http2());
    }

    @Test
    void badShapesThrowBindExceptionWithAPointer() {
        BindException e = assertThrows(BindException.class, () -> bind("""
                static_resources:
                  clusters:
                  - name: c
                    connect_timeout: 5
                    load_assignment:
                      endpoints:
                      - lb_endpoints:
                        - endpoint: { address: { socket_address: { address: x, port_value: abc } } }
                """));
        assertEquals("/static_resources/clusters/0/load_assignment/endpoints/0/lb_endpoints/0/endpoint/address/socket_address/port_value",
                e.pointer());
        assertEquals("expected an integer, found 'abc'", e.getMessage());

        e = assertThrows(BindException.class, () -> bind("static_resources: { clusters: [ { name: c, connect_timeout: 5m } ] }"));
        assertEquals("/static_resources/clusters/0/connect_timeout", e.pointer());

        e = assertThrows(BindException.class, () -> bind("static_resources: { listeners: [ { name: l } ] }"));
        assertEquals("listener has no address", e.getMessage());

        e = assertThrows(BindException.class, () -> bind("static_resources: { listeners: [ { name: l, address: "
                + "{ pipe: { path: /tmp/s } } } ] }"));
        assertEquals("listener 'l': pipe (unix socket) addresses are not supported", e.getMessage());

        e = assertThrows(BindException.class, () -> bind("static_resources: { clusters: [ { name: c, lb_policy: FASTEST } ] }"));
        assertEquals("unknown value 'FASTEST' for lb_policy", e.getMessage());

        e = assertThrows(BindException.class, () -> bind("static_resources: { clusters: [ { name: c, "
                + "load_assignment: { endpoints: [ { lb_endpoints: [ { endpoint: { address: { socket_address: "
                + "{ address: a, port_value: 70000 } } } } ] } ] } } ] }"));
        assertTrue(e.getMessage().contains("70000"), e.getMessage());

        e = assertThrows(BindException.class, () -> bind("static_resources: { listeners: 5 }"));
        assertEquals("/static_resources/listeners", e.pointer());
    }

    @Test
    void everyCorpusConfigBindsWithoutCrashing() throws IOException {
        Path corpus = Path.of("/work/shared/corpus/envoyproxy-examples");
        int bound = 0;
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                LoadResult r = YamlLoader.load(p.toString(), Files.readAllBytes(p));
                assertTrue(r.ok(), p + ": " + r.diagnostics());
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> root = (Map<String, Object>) r.source().root();
                    BootstrapBinder.bind(root);
                    bound++;
                } catch (BindException e) {
                    // Allowed: a one-line message naming what the runtime cannot hold, never another exception.
                    assertFalse(e.getMessage().isEmpty(), p.toString());
                }
            }
        }
        assertTrue(bound >= 15, "bound " + bound + " corpus configs");
    }
}
