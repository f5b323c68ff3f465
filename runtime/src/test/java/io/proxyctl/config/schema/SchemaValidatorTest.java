package io.proxyctl.config.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import io.proxyctl.config.validate.Severity;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One schema violation per case: the code, and the line and column where the user has to look (expected
 * positions are found in the YAML text itself, so a case reads like the file it checks).
 */
class SchemaValidatorTest {
    private static final SchemaValidator VALIDATOR = SchemaValidator.shared();

    /** A valid v3 cluster; cases replace one line. Line numbers: name 3, connect_timeout 4, type 5. */
    private static final String CLUSTER = """
            static_resources:
              clusters:
              - name: c
                connect_timeout: 0.25s
                type: STRICT_DNS
                load_assignment:
                  cluster_name: c
                  endpoints:
                  - lb_endpoints:
                    - endpoint:
                        address:
                          socket_address: {address: 127.0.0.1, port_value: 8080}
            """;

    /** A valid v3 listener with an HTTP connection manager: domains on line 15, route 17-18, router Any 21-22. */
    private static final String LISTENER = """
            static_resources:
              listeners:
              - name: l
                address:
                  socket_address: {address: 0.0.0.0, port_value: 10000}
                filter_chains:
                - filters:
                  - name: envoy.filters.network.http_connection_manager
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                      stat_prefix: ingress
                      route_config:
                        virtual_hosts:
                        - name: vh
                          domains: ["*"]
                          routes:
                          - match: {prefix: "/"}
                            route: {cluster: c}
                      http_filters:
                      - name: envoy.filters.http.router
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
            """;

    // ---- helpers

    private static List<Diagnostic> validate(ApiVersion version, String yaml) {
        LoadResult r = YamlLoader.loadText("test.yaml", yaml);
        assertTrue(r.ok(), () -> "test YAML does not load: " + r.diagnostics());
        return VALIDATOR.validate(r.source(), version);
    }

    /** Validates as v3 and returns the single diagnostic, failing with all of them otherwise. */
    private static Diagnostic single(String yaml) {
        List<Diagnostic> d = validate(ApiVersion.V3, yaml);
        if (d.size() != 1) {
            fail("expected one diagnostic, got " + d.size() + ":\n" + SchemaCorpusTest.render(d));
        }
        return d.get(0);
    }

    private static void assertClean(ApiVersion version, String yaml) {
        List<Diagnostic> d = validate(version, yaml);
        assertEquals(List.of(), d, () -> SchemaCorpusTest.render(d));
    }

    /** Replaces the line of {@code yaml} that contains {@code marker} (whole line, indentation kept). */
    private static String edit(String yaml, String marker, String replacement) {
        int i = yaml.indexOf(marker);
        assertTrue(i >= 0, "marker not found: " + marker);
        int start = yaml.lastIndexOf('\n', i) + 1;
        int end = yaml.indexOf('\n', i);
        String indent = yaml.substring(start, i).replaceAll("\\S.*", "");
        return yaml.substring(0, start) + indent + replacement + yaml.substring(end);
    }

    private static String line(String yaml, int n) {
        return yaml.split("\n", -1)[n - 1];
    }

    /** Asserts code and position: line {@code line}, column of the first {@code token} on that line. */
    private static void assertAt(Diagnostic d, DiagnosticCode code, String yaml, int line, String token) {
        int col = line(yaml, line).indexOf(token) + 1;
        assertTrue(col > 0, () -> "token " + token + " not on line " + line + ": " + line(yaml, line));
        assertEquals(code, d.code(), d::message);
        assertEquals(line, d.line(), () -> "line of " + d.message());
        assertEquals(col, d.column(), () -> "column of " + d.message());
        assertEquals("test.yaml", d.file());
        assertEquals(Severity.ERROR, d.severity());
        assertTrue(!d.message().endsWith(".") && !d.message().contains("\n"), d::message);
    }

    // ---- positive cases

    @Test
    void baseDocumentsAreValid() {
        assertClean(ApiVersion.V3, CLUSTER);
        assertClean(ApiVersion.V3, LISTENER);
    }

    @Test
    void lowerCaseEnumNamesAndEnumNumbersAreAccepted() {
        String y = edit(CLUSTER, "type: STRICT_DNS", "type: strict_dns");
        assertClean(ApiVersion.V3, y + "    lb_policy: round_robin\n");
        assertClean(ApiVersion.V3, edit(CLUSTER, "type: STRICT_DNS", "type: 1"));
    }

    @Test
    void camelCaseFieldNamesAreAccepted() {
        assertClean(ApiVersion.V3, """
                staticResources:
                  clusters:
                  - name: c
                    connectTimeout: 5s
                    lbPolicy: LEAST_REQUEST
                    perConnectionBufferLimitBytes: 32768
                    loadAssignment:
                      clusterName: c
                      endpoints:
                      - lbEndpoints:
                        - endpoint: {address: {socketAddress: {address: a.example, portValue: 80}}}
                """);
    }

    @Test
    void sixtyFourBitIntegersMayBeStrings() {
        assertClean(ApiVersion.V3, CLUSTER + """
                    ring_hash_lb_config: {minimum_ring_size: "1024", maximum_ring_size: 8388608}
                """);
    }

    @Test
    void fractionalDurationAndNullFieldsAreAccepted() {
        assertClean(ApiVersion.V3, CLUSTER + "    dns_refresh_rate: 0.5s\n    transport_socket:\n");
    }

    // ---- unknown fields

    @Test
    void misspeltFieldIsReportedAtItsKeyWithSuggestion() {
        String y = edit(CLUSTER, "connect_timeout: 0.25s", "conect_timeout: 0.25s");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.UNKNOWN_FIELD, y, 4, "conect_timeout");
        assertTrue(d.message().startsWith("unknown field 'conect_timeout' in envoy.config.cluster.v3.Cluster"),
                d.message());
        assertTrue(d.message().contains("static_resources.clusters[0]"), d.message());
        assertEquals("did you mean 'connect_timeout'?", d.suggestion());
        assertEquals("/static_resources/clusters/0/conect_timeout", d.pointer());
    }

    @Test
    void unknownFieldFarFromAnyNameGetsNoSuggestion() {
        String y = CLUSTER + "    flux_capacitor: true\n";
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.UNKNOWN_FIELD, y, 13, "flux_capacitor");
        assertNull(d.suggestion());
    }

    @Test
    void unknownFieldInsideTypedConfigNamesTheAnyMessage() {
        String y = edit(LISTENER, "stat_prefix: ingress", "stat_prefix: ingress\n          generate_request_idd: true");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.UNKNOWN_FIELD, y, 12, "generate_request_idd");
        assertTrue(d.message().contains(
                "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager"), d.message());
        assertEquals("did you mean 'generate_request_id'?", d.suggestion());
    }

    @Test
    void v2HostsInV3ClusterPointsToLoadAssignment() {
        String y = CLUSTER + "    hosts: [{socket_address: {address: a, port_value: 1}}]\n";
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.V2_FIELD_IN_V3, y, 13, "hosts");
        assertTrue(d.suggestion().contains("load_assignment"), d.suggestion());
    }

    @Test
    void v2TlsContextInV3ClusterPointsToTransportSocket() {
        String y = CLUSTER + "    tls_context: {sni: www.example.com}\n";
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.V2_FIELD_IN_V3, y, 13, "tls_context");
        assertTrue(d.suggestion().contains("transport_socket") && d.suggestion().contains("UpstreamTlsContext"),
                d.suggestion());
    }

    @Test
    void sameFieldUnderBothSpellingsIsAConflict() {
        String y = CLUSTER + "    connectTimeout: 1s\n";
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.DUPLICATE_FIELD, y, 13, "connectTimeout");
        assertTrue(d.message().contains("'connect_timeout' and 'connectTimeout'"), d.message());
    }

    // ---- types and values

    @Test
    void stringForIntegerIsWrongTypeAtTheValue() {
        String y = CLUSTER + "    per_connection_buffer_limit_bytes: abc\n";
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.WRONG_TYPE, y, 13, "abc");
        assertTrue(d.message().endsWith("per_connection_buffer_limit_bytes: expected integer, found string \"abc\""),
                d.message());
    }

    @Test
    void scalarForMessageIsWrongType() {
        String y = CLUSTER + "    outlier_detection: often\n";
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.WRONG_TYPE, y, 13, "often");
        assertTrue(d.message().contains("expected object (envoy.config.cluster.v3.OutlierDetection), found string"),
                d.message());
    }

    @Test
    void durationWithMinuteUnitIsInvalidWithRewrite() {
        String y = edit(CLUSTER, "connect_timeout: 0.25s", "connect_timeout: 1m");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.INVALID_DURATION, y, 4, "1m");
        assertEquals("write \"60s\"", d.suggestion());
    }

    @Test
    void durationAsBareNumberIsInvalid() {
        String y = edit(CLUSTER, "connect_timeout: 0.25s", "connect_timeout: 30");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.INVALID_DURATION, y, 4, "30");
        assertEquals("write \"30s\"", d.suggestion());
    }

    @Test
    void zeroConnectTimeoutViolatesDurationBound() {
        String y = edit(CLUSTER, "connect_timeout: 0.25s", "connect_timeout: 0s");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.OUT_OF_RANGE, y, 4, "0s");
        assertTrue(d.message().endsWith("connect_timeout 0s is out of range (must be > 0s)"), d.message());
    }

    @Test
    void portAboveRangeIsOutOfRange() {
        String y = edit(CLUSTER, "socket_address: {", "socket_address: {address: 127.0.0.1, port_value: 70000}");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.OUT_OF_RANGE, y, 12, "70000");
        assertTrue(d.message().endsWith("port_value 70000 is out of range (must be <= 65535)"), d.message());
    }

    @Test
    void portWrittenAsStringIsRangeCheckedToo() {
        String y = edit(CLUSTER, "socket_address: {", "socket_address: {address: 127.0.0.1, port_value: \"70000\"}");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.OUT_OF_RANGE, y, 12, "\"70000\"");
    }

    @Test
    void sixtyFourBitStringAboveBoundIsOutOfRange() {
        String y = CLUSTER + "    ring_hash_lb_config: {maximum_ring_size: \"9999999999\"}\n";
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.OUT_OF_RANGE, y, 13, "\"9999999999\"");
        assertTrue(d.message().contains("(must be <= 8388608)"), d.message());
    }

    @Test
    void unknownEnumNameListsAllowedValuesAndSuggests() {
        String y = edit(CLUSTER, "type: STRICT_DNS", "type: STRICT_DNZ");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.INVALID_ENUM, y, 5, "STRICT_DNZ");
        assertTrue(d.message().contains("allowed: STATIC, STRICT_DNS, LOGICAL_DNS, EDS, ORIGINAL_DST"), d.message());
        assertEquals("did you mean 'STRICT_DNS'?", d.suggestion());
    }

    @Test
    void undefinedEnumNumberIsInvalidWhereDefinedOnly() {
        String y = CLUSTER + "    lb_policy: 99\n";
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.INVALID_ENUM, y, 13, "99");
    }

    @Test
    void emptyStatPrefixIsTooShort() {
        String y = edit(LISTENER, "stat_prefix: ingress", "stat_prefix: \"\"");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.STRING_LENGTH, y, 11, "\"\"");
        assertTrue(d.message().contains("stat_prefix must be at least 1 character long"), d.message());
    }

    @Test
    void strictHeaderNameRuleRejectsSpace() {
        String y = CLUSTER + """
                    typed_extension_protocol_options:
                      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                        "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                        upstream_http_protocol_options: {override_auto_sni_header: "bad header"}
                        explicit_http_config: {http2_protocol_options: {}}
                """;
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.PATTERN_MISMATCH, y, 16, "\"bad header\"");
        assertTrue(d.message().endsWith("\"bad header\" must be a valid HTTP header name"), d.message());
    }

    @Test
    void looseHeaderRuleRejectsLineBreak() {
        String y = edit(LISTENER, "domains: [\"*\"]",
                "domains: [\"*\"]\n              request_headers_to_add: [{header: {key: \"x-a\\nb\", value: v}}]");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.PATTERN_MISMATCH, y, 16, "\"x-a");
        assertTrue(d.message().contains("must not contain NUL, CR or LF characters"), d.message());
    }

    @Test
    void emptyDomainsHasTooFewItems() {
        String y = edit(LISTENER, "domains: [\"*\"]", "domains: []");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.ITEMS_COUNT, y, 15, "[]");
        assertTrue(d.message().endsWith("domains must have at least 1 item (found 0)"), d.message());
    }

    // ---- required fields and oneofs

    @Test
    void missingRequiredMessageIsReportedAtTheObject() {
        String y = edit(LISTENER, "- match: {prefix: \"/\"}", "- route: {cluster: c}");
        y = edit(y, "  route: {cluster: c}", "  name: r1");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.REQUIRED_FIELD_MISSING, y, 17, "route");
        assertTrue(d.message().startsWith("missing required field 'match' in envoy.config.route.v3.Route"),
                d.message());
    }

    @Test
    void missingNameOfClusterIsRequired() {
        String y = edit(CLUSTER, "- name: c", "- connect_timeout: 1s");
        y = edit(y, "  connect_timeout: 0.25s", "  dns_lookup_family: V4_ONLY");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.REQUIRED_FIELD_MISSING, y, 3, "connect_timeout");
        assertTrue(d.message().contains("'name'"), d.message());
    }

    @Test
    void missingRequiredDurationIsReported() {
        String y = CLUSTER + """
                    health_checks:
                    - {interval: 5s, unhealthy_threshold: 3, healthy_threshold: 1, tcp_health_check: {}}
                """;
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.REQUIRED_FIELD_MISSING, y, 14, "{");
        assertTrue(d.message().contains("'timeout'") && d.message().contains("envoy.config.core.v3.HealthCheck"),
                d.message());
    }

    @Test
    void missingRequiredTypedConfigIsReported() {
        String y = CLUSTER.replace("static_resources:\n", "bootstrap_extensions:\n- name: ext\nstatic_resources:\n");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.REQUIRED_FIELD_MISSING, y, 2, "name");
        assertTrue(d.message().contains("'typed_config'"), d.message());
    }

    @Test
    void missingDomainsIsRequired() {
        String y = edit(LISTENER, "domains: [\"*\"]", "include_request_attempt_count: true");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.REQUIRED_FIELD_MISSING, y, 14, "name");
        assertTrue(d.message().contains("'domains'"), d.message());
    }

    @Test
    void twoMembersOfOneofConflictAtTheSecond() {
        String y = edit(LISTENER, "- match: {prefix: \"/\"}", "- match: {prefix: \"/\", path: \"/x\"}");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.ONEOF_CONFLICT, y, 17, "path");
        assertTrue(d.message().startsWith(
                "only one of 'prefix', 'path' may be set in envoy.config.route.v3.RouteMatch"), d.message());
    }

    @Test
    void requiredOneofWithNoMemberNamesTheMembers() {
        String y = edit(LISTENER, "  route: {cluster: c}", "  route: {timeout: 5s}");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.ONEOF_REQUIRED, y, 18, "{");
        assertTrue(d.message().startsWith("one of 'cluster', 'cluster_header', 'weighted_clusters'"), d.message());
        assertTrue(d.message().endsWith("(oneof cluster_specifier)"), d.message());
    }

    // ---- Any

    @Test
    void misspeltTypeUrlIsUnknownWithSuggestion() {
        String y = edit(LISTENER, "\"@type\": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
                "\"@type\": type.googleapis.com/envoy.extensions.filters.http.router.v3.Routr");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.UNKNOWN_TYPE_URL, y, 22, "type.googleapis.com");
        assertEquals("did you mean 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router'?",
                d.suggestion());
    }

    @Test
    void typeUrlWithoutPrefixSuggestsThePrefix() {
        String y = edit(LISTENER, "\"@type\": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
                "\"@type\": envoy.extensions.filters.http.router.v3.Router");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.UNKNOWN_TYPE_URL, y, 22, "envoy.");
        assertEquals("did you mean 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router'?",
                d.suggestion());
    }

    @Test
    void v2TypeUrlInV3ConfigNamesTheV3Successor() {
        String y = edit(LISTENER, "\"@type\": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
                "\"@type\": type.googleapis.com/envoy.config.filter.http.router.v2.Router");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.UNKNOWN_TYPE_URL, y, 22, "type.googleapis.com");
        assertEquals("use 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router'", d.suggestion());
    }

    @Test
    void anyInAMapIsValidatedAgainstItsType() {
        String y = edit(LISTENER, "domains: [\"*\"]", "domains: [\"*\"]\n              typed_per_filter_config:\n"
                + "                envoy.filters.http.cors:\n"
                + "                  \"@type\": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy\n"
                + "                  allow_credential: true");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.UNKNOWN_FIELD, y, 19, "allow_credential");
        assertTrue(d.message().contains("envoy.extensions.filters.http.cors.v3.CorsPolicy"), d.message());
        assertEquals("did you mean 'allow_credentials'?", d.suggestion());
    }

    @Test
    void wellKnownTypeInAnyHoldsItsValueUnderValue() {
        String y = edit(LISTENER, "domains: [\"*\"]", "domains: [\"*\"]\n              typed_per_filter_config:\n"
                + "                x: {\"@type\": type.googleapis.com/google.protobuf.Struct, value: 5}");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.WRONG_TYPE, y, 17, "5");
        assertTrue(d.message().endsWith("typed_per_filter_config.x.value: expected object, found number 5"),
                d.message());
    }

    @Test
    void anyWithoutTypeIsReportedAtTheObject() {
        String y = edit(LISTENER, "\"@type\": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
                "dynamic_stats: true");
        Diagnostic d = single(y);
        assertAt(d, DiagnosticCode.ANY_WITHOUT_TYPE, y, 22, "dynamic_stats");
    }

    // ---- whole documents

    @Test
    void everyViolationIsReportedOnceInSourceOrder() {
        String y = edit(CLUSTER, "connect_timeout: 0.25s", "connect_timeout: 1m");
        y = edit(y, "type: STRICT_DNS", "type: STRICT_DNZ");
        y = edit(y, "socket_address: {", "socket_address: {address: \"\", port_value: 70000}");
        y = y + "    hosts: []\n    per_connection_buffer_limit_bytes: abc\n";
        List<Diagnostic> ds = validate(ApiVersion.V3, y);
        List<DiagnosticCode> codes = ds.stream().map(Diagnostic::code).toList();
        assertEquals(List.of(DiagnosticCode.INVALID_DURATION, DiagnosticCode.INVALID_ENUM,
                DiagnosticCode.STRING_LENGTH, DiagnosticCode.OUT_OF_RANGE, DiagnosticCode.V2_FIELD_IN_V3,
                DiagnosticCode.WRONG_TYPE), codes, () -> SchemaCorpusTest.render(ds));
        Set<String> distinct = new HashSet<>();
        for (Diagnostic d : ds) {
            assertTrue(distinct.add(d.code() + d.pointer()), "duplicate: " + d);
        }
    }

    @Test
    void v2ConfigValidatesAgainstV2Schema() {
        String v2 = CLUSTER.replace("    load_assignment:",
                "    hosts: [{socket_address: {address: a, port_value: 1}}]\n    load_assignment:");
        assertClean(ApiVersion.V2, v2);
        Diagnostic d = single(v2);
        assertEquals(DiagnosticCode.V2_FIELD_IN_V3, d.code());
    }

    @Test
    void deprecatedFieldsAreReportedAsWarnings() {
        String y = "admin:\n  access_log_path: /tmp/admin.log\n" + CLUSTER + "    http2_protocol_options: {}\n";
        LoadResult r = YamlLoader.loadText("test.yaml", y);
        assertEquals(List.of(), VALIDATOR.validate(r.source(), ApiVersion.V3));
        List<Diagnostic> w = VALIDATOR.deprecations(r.source(), ApiVersion.V3);
        assertEquals(2, w.size(), () -> SchemaCorpusTest.render(w));
        assertEquals(DiagnosticCode.DEPRECATED_FIELD, w.get(0).code());
        assertEquals(Severity.WARNING, w.get(0).severity());
        assertEquals(2, w.get(0).line());
        assertEquals(3, w.get(0).column());
        assertEquals(15, w.get(1).line());
        assertNotNull(w.get(1).message());
    }
}
