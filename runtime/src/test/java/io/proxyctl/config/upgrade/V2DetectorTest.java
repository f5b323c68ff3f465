package io.proxyctl.config.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.TestConfigs;
import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.Position;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import io.proxyctl.config.validate.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class V2DetectorTest {
    @Test
    void gettingStartedIsV2BecauseOfItsTypeUrlsAndHostRewrite() {
        ConfigSource gs = TestConfigs.resource("getting-started/envoy.yaml");
        V2Detection d = V2Detector.detect(gs);
        assertTrue(d.v2());
        assertEquals("v2", d.apiVersion());
        assertFalse(d.v3TypeUrls());
        assertEquals(List.of(
                "v2 type envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager",
                "v2 field host_rewrite",
                "v2 type envoy.api.v2.auth.UpstreamTlsContext"), d.signals().stream().map(V2Signal::what).toList());
        assertEquals(new Position(20, 20), d.signals().get(0).position());
    }

    @Test
    void warningSaysWhyAndHowToConvert() {
        ConfigSource gs = TestConfigs.resource("getting-started/envoy.yaml");
        Diagnostic w = V2Detector.warning(gs, V2Detector.detect(gs));
        assertEquals(DiagnosticCode.V2_CONFIG, w.code());
        assertEquals(Severity.WARNING, w.severity());
        assertEquals(20, w.line());
        assertEquals(20, w.column());
        assertEquals("getting-started/envoy.yaml", w.file());
        assertTrue(w.message().startsWith("v2 API configuration: v2 type "
                + "envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager (line 20), "
                + "v2 field host_rewrite (line 31), v2 type envoy.api.v2.auth.UpstreamTlsContext (line 54)"), w.message());
        assertTrue(w.message().contains("Envoy removed v2 in 1.18"));
        assertEquals("run 'proxyctl convert getting-started/envoy.yaml' to write the v3 equivalent", w.suggestion());
    }

    @Test
    void v2FieldsWithoutAnyTypeUrlMakeAV2File() {
        ConfigSource v2 = TestConfigs.text("old.yaml", """
                static_resources:
                  clusters:
                  - name: a
                    connect_timeout: 1s
                    hosts: [{socket_address: {address: 127.0.0.1, port_value: 80}}]
                """);
        V2Detection d = V2Detector.detect(v2);
        assertTrue(d.v2());
        assertEquals("v2 field hosts", d.signals().get(0).what());
        assertEquals(new Position(5, 5), d.signals().get(0).position());
        assertTrue(V2Detector.v2FieldsInV3(v2, d).isEmpty());
    }

    @Test
    void aV3FileUsingV2FieldsStaysV3AndEachFieldIsAnError() {
        ConfigSource mixed = TestConfigs.text("mixed.yaml", """
                static_resources:
                  listeners:
                  - filter_chains:
                    - filters:
                      - name: envoy.filters.network.tcp_proxy
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                          stat_prefix: t
                          cluster: a
                  clusters:
                  - name: a
                    connect_timeout: 1s
                    hosts: [{socket_address: {address: 127.0.0.1, port_value: 80}}]
                    tls_context: {sni: a.example.com}
                """);
        V2Detection d = V2Detector.detect(mixed);
        assertFalse(d.v2());
        assertTrue(d.v3TypeUrls());
        List<Diagnostic> errors = V2Detector.v2FieldsInV3(mixed, d);
        assertEquals(2, errors.size());
        assertEquals(DiagnosticCode.V2_FIELD_IN_V3, errors.get(0).code());
        assertEquals(13, errors.get(0).line());
        assertEquals(5, errors.get(0).column());
        assertEquals("v2 field hosts in a v3 configuration: Envoy rejects it", errors.get(0).message());
        assertEquals(14, errors.get(1).line());
        assertEquals("/static_resources/clusters/0/tls_context", errors.get(1).pointer());
    }

    @Test
    void cleanV3AndNonBootstrapDocumentsHaveNoSignals() {
        for (String path : ExampleConfigs.all()) {
            V2Detection d = V2Detector.detect(TestConfigs.resource(path));
            assertFalse(d.v2(), path);
            assertTrue(d.signals().isEmpty(), path);
        }
        V2Detection d = V2Detector.detect(TestConfigs.text("x.yaml", "foo: [1, 2, {bar: baz}]\n"));
        assertFalse(d.v2());
        assertTrue(d.signals().isEmpty());
    }
}
