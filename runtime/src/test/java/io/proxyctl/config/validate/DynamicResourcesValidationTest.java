package io.proxyctl.config.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.load.YamlLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dynamic_resources} checks (PX3014-PX3021) and xDS resource files validated as DiscoveryResponses. */
class DynamicResourcesValidationTest {
    private static final ConfigValidator VALIDATOR = new ConfigValidator();

    /** An ADS bootstrap; %s is the ads_config body, %s the xds cluster's extra fields. */
    private static final String ADS = """
            node: {id: n1, cluster: c1}
            dynamic_resources:
              ads_config: %s
              cds_config: {resource_api_version: V3, ads: {}}
              lds_config: {resource_api_version: V3, ads: {}}
            static_resources:
              clusters:
              - name: xds_cluster
                type: STATIC
                load_assignment:
                  cluster_name: xds_cluster
                  endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 18000}}}}]}]
            %s
            """;
    private static final String HTTP2 = """
                typed_extension_protocol_options:
                  envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                    "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                    explicit_http_config: {http2_protocol_options: {}}
            """;
    private static final String GRPC = "{api_type: GRPC, transport_api_version: V3, grpc_services: "
            + "[{envoy_grpc: {cluster_name: xds_cluster}}]}";

    private static ValidationReport validate(String name, String yaml) {
        return VALIDATOR.validate(YamlLoader.loadText(name, yaml));
    }

    private static Diagnostic only(ValidationReport r, DiagnosticCode code) {
        List<Diagnostic> ds = r.diagnostics().stream().filter(d -> d.code() == code).toList();
        assertEquals(1, ds.size(), () -> code + " in " + r.diagnostics());
        return ds.get(0);
    }

    @Test
    void adsBootstrapWithAnHttp2StaticClusterIsValidAndImplemented() {
        ValidationReport r = validate("ads.yaml", ADS.formatted(GRPC, HTTP2));
        assertTrue(r.valid(), () -> r.diagnostics().toString());
        // Not even the xDS cluster's HTTP/2 options: the gRPC client honours them.
        assertTrue(r.diagnostics().stream().noneMatch(d -> d.code() == DiagnosticCode.NOT_IMPLEMENTED),
                () -> r.diagnostics().toString());
    }

    @Test
    void adsSourceWithoutAdsConfig() {
        ValidationReport r = validate("ads.yaml", """
                dynamic_resources:
                  cds_config: {ads: {}}
                """);
        Diagnostic d = only(r, DiagnosticCode.XDS_ADS_NOT_CONFIGURED);
        assertEquals(2, d.line());
        assertEquals("/dynamic_resources/cds_config/ads", d.pointer());
    }

    @Test
    void restCannotCarryAds() {
        ValidationReport r = validate("ads.yaml", ADS.formatted("{api_type: REST, cluster_names: [xds_cluster]}", HTTP2));
        Diagnostic d = only(r, DiagnosticCode.XDS_API_TYPE);
        assertEquals(3, d.line());
        assertTrue(d.message().contains("REST"), d.message());
    }

    @Test
    void grpcServiceMustNameAStaticClusterThatSpeaksHttp2() {
        ValidationReport unknown = validate("ads.yaml", ADS.formatted(GRPC.replace("cluster_name: xds_cluster",
                "cluster_name: xds_clustr"), HTTP2));
        Diagnostic d = only(unknown, DiagnosticCode.XDS_CLUSTER_UNKNOWN);
        assertTrue(d.suggestion().contains("'xds_cluster'"), d.suggestion());
        assertEquals(3, d.line());

        Diagnostic h1 = only(validate("ads.yaml", ADS.formatted(GRPC, "")), DiagnosticCode.XDS_CLUSTER_NOT_HTTP2);
        assertEquals(8, h1.line());
        assertTrue(validate("ads.yaml", ADS.formatted(GRPC, "    http2_protocol_options: {}")).valid());
    }

    @Test
    void tlsToTheManagementServerIsReportedAsNotImplemented() {
        ValidationReport r = validate("ads.yaml", ADS.formatted(GRPC, HTTP2 + """
                    transport_socket:
                      name: envoy.transport_sockets.tls
                      typed_config:
                        "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
                """));
        Diagnostic d = only(r, DiagnosticCode.NOT_IMPLEMENTED);
        assertTrue(d.message().contains("TLS to the management server is not implemented"), d.message());
        assertEquals(Severity.WARNING, d.severity());
    }

    @Test
    void grpcNeedsExactlyOneService() {
        String two = "{api_type: GRPC, grpc_services: [{envoy_grpc: {cluster_name: xds_cluster}}, "
                + "{envoy_grpc: {cluster_name: xds_cluster}}]}";
        assertTrue(only(validate("ads.yaml", ADS.formatted(two, HTTP2)), DiagnosticCode.XDS_GRPC_SERVICE).message()
                .contains("single gRPC service"));
    }

    @Test
    void edsClusterNeedsEdsConfig() {
        ValidationReport r = validate("eds.yaml", ADS.formatted(GRPC, HTTP2 + """
                  - name: web
                    type: EDS
                """));
        assertEquals(18, only(r, DiagnosticCode.EDS_CONFIG_MISSING).line());
    }

    @Test
    void discoveryResponseFilesAreValidatedAsTheirResourceTypes() {
        ValidationReport ok = validate("cds.yaml", """
                version_info: "1"
                resources:
                - "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster
                  name: web
                  connect_timeout: 1s
                  load_assignment: {cluster_name: web, endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 80}}}}]}]}
                """);
        assertTrue(ok.valid(), () -> ok.diagnostics().toString());
        assertEquals("v3", ok.apiVersion());

        ValidationReport bad = validate("cds.yaml", """
                resources:
                - "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster
                  name: web
                  connect_timeout: 1s
                  lb_polcy: ROUND_ROBIN
                - "@type": type.googleapis.com/envoy.config.listener.v3.Listener
                  name: l
                """);
        Diagnostic unknown = only(bad, DiagnosticCode.UNKNOWN_FIELD);
        assertEquals(5, unknown.line());
        assertEquals(6, only(bad, DiagnosticCode.XDS_RESOURCE_TYPE).line());
    }

    @Test
    void watchedFilesAreCheckedForExistenceAndValidatedForTheirSubscription(@TempDir Path dir) throws IOException {
        Path lds = dir.resolve("lds.yaml");
        Files.writeString(lds, """
                resources:
                - "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster
                  name: web
                """);
        String yaml = """
                dynamic_resources:
                  lds_config: {path_config_source: {path: %s}}
                  cds_config: {path: %s}
                """.formatted(lds, dir.resolve("missing.yaml"));
        ValidationReport r = VALIDATOR.validatePath(write(dir, yaml).toString(), InputStream.nullInputStream());
        Diagnostic missing = only(r, DiagnosticCode.XDS_FILE_MISSING);
        assertEquals(Severity.WARNING, missing.severity());
        assertEquals(3, missing.line());
        List<ValidationReport> watched = VALIDATOR.validateWatchedFiles(r);
        assertEquals(1, watched.size());
        assertEquals(lds.toString(), watched.get(0).file());
        assertTrue(only(watched.get(0), DiagnosticCode.XDS_RESOURCE_TYPE).message()
                .contains("expects envoy.config.listener.v3.Listener"));
    }

    private static Path write(Path dir, String yaml) throws IOException {
        Path p = dir.resolve("envoy.yaml");
        Files.writeString(p, yaml);
        return p;
    }
}
