package io.proxyctl.config.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.ProtoIndex;
import io.proxyctl.config.bind.DataPlaneCoverage;
import io.proxyctl.config.check.CatalogSchema;
import io.proxyctl.config.check.FieldInfo;
import io.proxyctl.config.check.NotImplementedChecker;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The runtime's coverage statement is consistent with the Envoy API and with what the binder reads. */
class RuntimeCoverageTest {
    @Test
    void everyNamedMessageAndFieldExistsInTheEnvoyApi() {
        // Checked against the official .proto files, and against the checker's catalogue where it has the message.
        ProtoIndex protos = ProtoIndex.get();
        Map<String, Map<String, FieldInfo>> catalog = CatalogSchema.builtin().messages();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : RuntimeCoverage.honouredFields().entrySet()) {
            ProtoIndex.Message m = protos.message(e.getKey());
            if (m == null) {
                unknown.add(e.getKey());
                continue;
            }
            Map<String, FieldInfo> fields = catalog.get(e.getKey());
            for (String f : e.getValue()) {
                if (!m.fields().containsKey(f) || fields != null && !fields.containsKey(f)) {
                    unknown.add(e.getKey() + "." + f);
                }
            }
        }
        assertEquals(List.of(), unknown);
    }

    @Test
    void typeUrlsValuesAndTheCheckerAdapter() {
        DataPlaneCoverage c = DataPlaneCoverage.instance();
        assertTrue(c.implementsType("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"));
        assertTrue(c.implementsType("envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext"));
        assertTrue(c.implementsType("type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext"));
        assertTrue(c.implementsType("type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy"));
        assertTrue(c.implementsType("type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector"));
        assertFalse(c.implementsType("type.googleapis.com/envoy.extensions.filters.listener.http_inspector.v3.HttpInspector"));
        assertTrue(c.implementsField("envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", "max_connect_attempts"));
        assertFalse(c.implementsField("envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", "hash_policy"));
        assertFalse(c.implementsField("envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext", "session_ticket_keys"));
        assertTrue(c.implementsValue("envoy.config.cluster.v3.Cluster", "lb_policy", "maglev"));
        assertFalse(c.implementsValue("envoy.config.cluster.v3.Cluster", "lb_policy", "CLUSTER_PROVIDED"));
        // EDS (3) is served from xDS; ORIGINAL_DST (4) is not.
        assertTrue(c.implementsValue("envoy.config.cluster.v3.Cluster", "type", 3L));
        assertFalse(c.implementsValue("envoy.config.cluster.v3.Cluster", "type", 4L));
        assertTrue(c.implementsValue("envoy.config.cluster.v3.Cluster", "type", "strict_dns"));
        assertFalse(c.implementsValue(
                "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.UpgradeConfig",
                "upgrade_type", "CONNECT"));
        assertTrue(c.implementsField("envoy.config.route.v3.RouteAction", "host_rewrite_literal"));
        assertTrue(c.implementsField("envoy.config.route.v3.RouteAction", "retry_policy"));
        assertFalse(c.implementsField("envoy.config.route.v3.RetryPolicy", "retriable_request_headers"));
        assertTrue(c.implementsField("envoy.config.route.v3.VirtualHost", "retry_policy"));
        assertTrue(c.implementsField("envoy.config.cluster.v3.Cluster", "outlier_detection"));
        assertTrue(c.implementsField("envoy.config.cluster.v3.OutlierDetection", "success_rate_minimum_hosts"));
        assertFalse(c.implementsField("envoy.config.cluster.v3.OutlierDetection", "monitors"));
        assertTrue(c.implementsField("envoy.config.cluster.v3.Cluster", "health_checks"));
        assertFalse(c.implementsField("envoy.config.core.v3.HealthCheck", "grpc_health_check"));
        assertFalse(c.implementsField("envoy.config.route.v3.VirtualHost", "require_tls"));
        String hpo = "envoy.config.core.v3.HttpProtocolOptions";
        assertTrue(c.implementsField(hpo, "max_stream_duration", "/static_resources/listeners/0/filter_chains/0/filters/0"
                + "/typed_config/common_http_protocol_options/max_stream_duration"));
        assertFalse(c.implementsField(hpo, "max_stream_duration",
                "/static_resources/clusters/0/common_http_protocol_options/max_stream_duration"));
        assertTrue(c.implementsField("envoy.config.route.v3.RouteAction.MaxStreamDuration", "grpc_timeout_header_max"));
        assertTrue(c.implementsField("envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext",
                "match_typed_subject_alt_names"));
        // HTTP/2 (issue 5): codec, windows and stream limit served; keepalive pings and the like still warn.
        String hcm = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
        assertTrue(c.implementsValue(hcm, "codec_type", "HTTP2"));
        assertFalse(c.implementsValue(hcm, "codec_type", "HTTP3"));
        assertTrue(c.implementsField(hcm, "http2_protocol_options"));
        assertTrue(c.implementsField("envoy.config.core.v3.Http2ProtocolOptions", "initial_stream_window_size"));
        assertTrue(c.implementsField("envoy.config.core.v3.Http2ProtocolOptions", "max_concurrent_streams"));
        assertFalse(c.implementsField("envoy.config.core.v3.Http2ProtocolOptions", "connection_keepalive"));
        assertTrue(c.implementsField("envoy.config.cluster.v3.Cluster", "http2_protocol_options"));
        assertTrue(c.implementsField("envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
                "use_downstream_protocol_config"));
        assertFalse(c.implementsField("envoy.extensions.upstreams.http.v3.HttpProtocolOptions", "auto_config"));
    }

    @Test
    void theBenchAndGettingStartedConfigsNeedNoWarnings() throws Exception {
        for (String p : List.of("/work/shared/bench/proxy-proxyctl.yaml")) {
            LoadResult r = YamlLoader.load(p, Files.readAllBytes(Path.of(p)));
            List<Diagnostic> ds = NotImplementedChecker.check(r.source(), DataPlaneCoverage.instance());
            assertEquals(List.of(), ds, p);
        }
    }

    @Test
    void unsupportedPartsOfRealConfigsAreReported() throws Exception {
        String p = "/work/shared/corpus/envoyproxy-examples/front-proxy/envoy.yaml";
        LoadResult r = YamlLoader.load(p, Files.readAllBytes(Path.of(p)));
        List<Diagnostic> ds = NotImplementedChecker.check(r.source(), DataPlaneCoverage.instance());
        assertTrue(ds.stream().anyMatch(d -> d.pointer().equals("/layered_runtime")), ds.toString());
        // Downstream TLS termination is served since issue 5.
        assertTrue(ds.stream().noneMatch(d -> d.pointer().contains("transport_socket")), ds.toString());
        assertTrue(ds.stream().noneMatch(d -> d.message().contains("route_config") || d.message().contains("stat_prefix")),
                ds.toString());
    }

    @Test
    void resilienceFieldsThatAreServedAreNotReportedAndTheRestAre() {
        String yaml = """
                static_resources:
                  clusters:
                  - name: web
                    connect_timeout: 1s
                    circuit_breakers:
                      thresholds:
                      - { priority: HIGH, max_requests: 5, retry_budget: { budget_percent: { value: 25 } }, track_remaining: true }
                      per_host_thresholds: [ { max_connections: 1 } ]
                    max_requests_per_connection: 5
                    lrs_server: { self: {} }
                    outlier_detection: { consecutive_gateway_failure: 3, interval: 1s, success_rate_minimum_hosts: 3,
                      failure_percentage_threshold: 90, split_external_local_origin_errors: true,
                      max_ejection_time_jitter: 1s, always_eject_one_host: true }
                    health_checks:
                    - timeout: 1s
                      interval: 1s
                      unhealthy_threshold: 2
                      healthy_threshold: 2
                      unhealthy_interval: 5s
                      healthy_edge_interval: 1s
                      reuse_connection: false
                      alt_port: 8080
                      always_log_health_check_failures: true
                      tcp_health_check: { send: { text: "50494e47" }, receive: [ { text: "504f4e47" } ] }
                  listeners:
                  - name: l
                    address: { socket_address: { address: 127.0.0.1, port_value: 1 } }
                    filter_chains:
                    - filters:
                      - name: envoy.filters.network.http_connection_manager
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: s
                          route_config:
                            virtual_hosts:
                            - name: v
                              domains: ["*"]
                              routes:
                              - match: { prefix: "/" }
                                route: { cluster: web, priority: HIGH, retry_policy: { retry_on: refused-stream,
                                  host_selection_retry_max_attempts: 3 } }
                          http_filters:
                          - name: envoy.filters.http.router
                            typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router }
                """;
        LoadResult r = YamlLoader.loadText("t.yaml", yaml);
        List<Diagnostic> ds = NotImplementedChecker.check(r.source(), DataPlaneCoverage.instance());
        List<String> pointers = ds.stream().map(Diagnostic::pointer).sorted().toList();
        assertEquals(List.of("/static_resources/clusters/0/health_checks/0/always_log_health_check_failures",
                "/static_resources/clusters/0/lrs_server"), pointers, ds.toString());
        assertTrue(ds.stream().allMatch(d -> d.code() == io.proxyctl.config.validate.DiagnosticCode.NOT_IMPLEMENTED),
                ds.toString());
    }

    @Test
    void requestHeadersTimeoutIsReportedWhereHttp2CanBeSpoken() {
        String hcm = """
                static_resources:
                  listeners:
                  - name: l
                    address: { socket_address: { address: 127.0.0.1, port_value: 10000 } }
                    filter_chains:
                    - filters:
                      - name: envoy.filters.network.http_connection_manager
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: s
                          CODEC
                          request_headers_timeout: 5s
                          route_config: { virtual_hosts: [ { name: v, domains: ["*"], routes: [ { match: { prefix: "/" }, direct_response: { status: 200 } } ] } ] }
                          http_filters:
                          - name: envoy.filters.http.router
                            typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router }
                """;
        List<Diagnostic> auto = NotImplementedChecker.check(
                io.proxyctl.config.TestConfigs.text("a.yaml", hcm.replace("CODEC", "codec_type: AUTO")),
                DataPlaneCoverage.instance());
        assertEquals(1, auto.size(), auto::toString);
        Diagnostic d = auto.get(0);
        assertEquals(12, d.line());
        assertEquals(DiagnosticCode.NOT_IMPLEMENTED, d.code());
        assertEquals("static_resources.listeners[0].filter_chains[0].filters[0].typed_config.request_headers_timeout "
                + "applies to HTTP/1.1 connections only: HTTP/2 streams of this connection manager get no request "
                + "headers timeout", d.message());
        assertEquals(List.of(), NotImplementedChecker.check(
                io.proxyctl.config.TestConfigs.text("h1.yaml", hcm.replace("CODEC", "codec_type: HTTP1")),
                DataPlaneCoverage.instance()));
    }
}
