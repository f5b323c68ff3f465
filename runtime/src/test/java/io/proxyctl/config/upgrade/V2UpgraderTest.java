package io.proxyctl.config.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.TestConfigs;
import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.load.Position;
import io.proxyctl.config.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

class V2UpgraderTest {
    private static final String GS = "getting-started/envoy.yaml";
    private static final String HCM = "/static_resources/listeners/0/filter_chains/0/filters/0/typed_config";
    private static final String ROUTE = HCM + "/route_config/virtual_hosts/0/routes/0/route";

    @Test
    void gettingStartedListsEveryChangeAtItsOriginalPosition() {
        UpgradeResult r = V2Upgrader.upgrade(TestConfigs.resource(GS));
        List<String> got = new ArrayList<>();
        for (Change c : r.changes()) {
            got.add(c.position().line() + ":" + c.position().column() + " " + c.kind() + " " + c.pointer());
        }
        assertEquals(List.of(
                "2:3 DEPRECATED /admin/access_log_path",
                "20:20 V2_TYPE_URL " + HCM + "/@type",
                "31:19 V2_FIELD " + ROUTE + "/host_rewrite",
                "34:19 TYPED_CONFIG_ADDED " + HCM + "/http_filters/0/name",
                "54:18 V2_TYPE_URL /static_resources/clusters/0/transport_socket/typed_config/@type"), got);
        assertTrue(r.unconverted().isEmpty(), () -> r.unconverted().toString());
        Change hcm = r.changes().get(1);
        assertEquals("envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager -> "
                + "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager", hcm.what());
        assertEquals(HCM + "/@type", hcm.v3Pointer());
        assertEquals("host_rewrite -> host_rewrite_literal", r.changes().get(2).what());
        assertEquals(ROUTE + "/host_rewrite_literal", r.changes().get(2).v3Pointer());
        for (Change c : r.changes()) {
            assertFalse(c.why().isBlank());
        }
    }

    @Test
    void gettingStartedResultIsV3WithTheExpectedFields() {
        ConfigSource v3 = V2Upgrader.upgrade(TestConfigs.resource(GS)).source();
        Object root = v3.root();
        assertEquals("type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
                JsonPointer.resolve(root, HCM + "/@type"));
        assertEquals("www.google.com", JsonPointer.resolve(root, ROUTE + "/host_rewrite_literal"));
        assertEquals(null, JsonPointer.resolve(root, ROUTE + "/host_rewrite"));
        assertEquals("type.googleapis.com/" + ApiVersions.ROUTER,
                JsonPointer.resolve(root, HCM + "/http_filters/0/typed_config/@type"));
        assertEquals("type.googleapis.com/" + ApiVersions.UPSTREAM_TLS,
                JsonPointer.resolve(root, "/static_resources/clusters/0/transport_socket/typed_config/@type"));
        assertEquals("/tmp/admin_access.log", JsonPointer.resolve(root, "/admin/access_log/0/typed_config/path"));
        assertEquals(List.of(), v2TypeUrls(root, ""));
        V2Detection again = V2Detector.detect(v3);
        assertFalse(again.v2());
        assertTrue(again.signals().isEmpty(), () -> again.signals().toString());
        assertTrue(again.v3TypeUrls());
    }

    @Test
    void upgradedSourceMapPointsIntoTheOriginalFileAndKeepsItsText() {
        ConfigSource v2 = TestConfigs.resource(GS);
        UpgradeResult r = V2Upgrader.upgrade(v2);
        ConfigSource v3 = r.source();
        assertEquals(v2.text(), v3.text());
        assertEquals(v2.name(), v3.name());
        // the renamed field: its key and value are where host_rewrite was
        assertEquals(new Position(31, 19), v3.sourceMap().key(ROUTE + "/host_rewrite_literal"));
        assertEquals(new Position(31, 33), v3.sourceMap().value(ROUTE + "/host_rewrite_literal"));
        assertEquals(ROUTE + "/host_rewrite", r.originalPointer(ROUTE + "/host_rewrite_literal"));
        // unchanged nodes keep their own positions
        assertEquals(new Position(32, 28), v3.sourceMap().value(ROUTE + "/cluster"));
        assertEquals(new Position(36, 11), v3.sourceMap().value("/static_resources/clusters/0/name"));
        // the typed_config added to the router stands at the filter's name
        assertEquals(new Position(34, 19), v3.sourceMap().value(HCM + "/http_filters/0/typed_config/@type"));
        // the admin access log derived from access_log_path
        assertEquals(new Position(2, 20), v3.sourceMap().value("/admin/access_log/0/typed_config/path"));
        assertEquals(new Position(2, 3), v3.sourceMap().key("/admin/access_log"));
    }

    @Test
    void upgradingIsIdempotent() {
        for (String cfg : List.of(GS, "v2/all-rules.yaml")) {
            UpgradeResult once = V2Upgrader.upgrade(TestConfigs.resource(cfg));
            UpgradeResult twice = V2Upgrader.upgrade(once.source());
            assertTrue(twice.unchanged(), () -> cfg + ": " + twice.changes());
            assertEquals(once.source().root(), twice.source().root());
            assertEquals(once.source().sourceMap().value(ROUTE + "/host_rewrite_literal"),
                    twice.source().sourceMap().value(ROUTE + "/host_rewrite_literal"));
        }
    }

    @Test
    void upgradeDoesNotModifyItsInput() {
        ConfigSource v2 = TestConfigs.resource("v2/all-rules.yaml");
        String before = new Yaml().dump(v2.root());
        V2Upgrader.upgrade(v2);
        assertEquals(before, new Yaml().dump(v2.root()));
    }

    static Stream<String> examples() {
        return ExampleConfigs.all().stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void v3ExamplesAreLeftUntouched(String path) {
        ConfigSource v3 = TestConfigs.resource(path);
        UpgradeResult r = V2Upgrader.upgrade(v3);
        assertTrue(r.unchanged(), () -> r.changes().toString());
        assertEquals(v3.root(), r.source().root());
        assertFalse(V2Detector.detect(v3).v2());
        assertTrue(V2Detector.detect(v3).signals().isEmpty());
    }

    @Test
    void syntheticV2ConfigExercisesEveryRule() {
        UpgradeResult r = V2Upgrader.upgrade(TestConfigs.resource("v2/all-rules.yaml"));
        assertTrue(r.unconverted().isEmpty(), () -> r.unconverted().toString());
        List<String> whats = r.changes().stream().map(Change::what).toList();
        String[] expected = {
            "node.build_version removed",
            "runtime -> layered_runtime",
            "access_log_path -> access_log[0]",
            "name 'envoy.statsd' -> 'envoy.stat_sinks.statsd'",
            "config -> typed_config (\"@type\": envoy.config.metrics.v3.StatsdSink)",
            "name 'envoy.zipkin' -> 'envoy.tracers.zipkin'",
            "deprecated_v1.bind_to_port -> bind_to_port",
            "name 'envoy.listener.tls_inspector' -> 'envoy.filters.listener.tls_inspector'",
            "tls_context -> transport_socket envoy.transport_sockets.tls (DownstreamTlsContext)",
            "verify_subject_alt_name -> match_typed_subject_alt_names (DNS and URI)",
            "name 'envoy.http_connection_manager' -> 'envoy.filters.network.http_connection_manager'",
            "config -> typed_config (\"@type\": " + ApiVersions.HCM + ")",
            "idle_timeout -> common_http_protocol_options.idle_timeout",
            "tracing.operation_name removed",
            "request_headers_for_tags -> custom_tags (request_header)",
            "name 'envoy.file_access_log' -> 'envoy.access_loggers.file'",
            "format -> log_format.text_format_source.inline_string",
            "allow_origin -> allow_origin_string_match",
            "allow_origin_regex merged into allow_origin_string_match",
            "enabled: true -> filter_enabled 100%",
            "per_filter_config.envoy.lua -> typed_per_filter_config.envoy.filters.http.lua",
            "regex -> safe_regex",
            "regex_match -> string_match.safe_regex",
            "exact_match -> string_match.exact",
            "value -> string_match.exact",
            "value (regex: true) -> string_match.safe_regex",
            "host_rewrite -> host_rewrite_literal",
            "request_mirror_policy -> request_mirror_policies[0]",
            "runtime_key -> runtime_fraction",
            "typed_config added to retry host predicate 'envoy.retry_host_predicates.previous_hosts'",
            "auto_host_rewrite_header -> host_rewrite_header",
            "typed_config added to HTTP filter 'envoy.filters.http.cors'",
            "envoy.config.filter.http.fault.v2.HTTPFault -> envoy.extensions.filters.http.fault.v3.HTTPFault",
            "envoy.config.filter.http.router.v2.Router -> " + ApiVersions.ROUTER,
            "deprecated_v1.routes[0].cluster -> cluster",
            "hosts -> load_assignment (2 endpoints)",
            "http2_protocol_options -> typed_extension_protocol_options." + ApiVersions.HTTP_PROTOCOL_OPTIONS
                    + ".explicit_http_config.http2_protocol_options",
            "max_requests_per_connection -> typed_extension_protocol_options",
            "drain_connections_on_host_removal -> ignore_health_on_host_removal",
            "service_name -> service_name_matcher.prefix",
            "use_http2: true -> codec_client_type: HTTP2",
            "tls_context -> transport_socket envoy.transport_sockets.tls (UpstreamTlsContext)",
            "lb_policy ORIGINAL_DST_LB -> CLUSTER_PROVIDED",
            "path -> path_config_source.path",
            "resource_api_version V2 -> V3",
            "transport_api_version V2 -> V3",
        };
        for (String e : expected) {
            assertTrue(whats.stream().anyMatch(w -> w.startsWith(e)), () -> "missing change: " + e + " in " + whats);
        }
        for (Change c : r.changes()) {
            assertTrue(c.position().known(), () -> "no position: " + c);
        }
        ConfigSource v3 = r.source();
        assertEquals(List.of(), v2TypeUrls(v3.root(), ""));
        V2Detection again = V2Detector.detect(v3);
        assertTrue(again.signals().isEmpty(), () -> again.signals().toString());
        assertFalse(again.v2());
    }

    @Test
    void syntheticV2ResultHasTheV3Shapes() {
        Object root = V2Upgrader.upgrade(TestConfigs.resource("v2/all-rules.yaml")).source().root();
        String hcm = "/static_resources/listeners/0/filter_chains/0/filters/0/typed_config";
        String route0 = hcm + "/route_config/virtual_hosts/0/routes/0";
        assertEquals("/api/v[0-9]+/.*", JsonPointer.resolve(root, route0 + "/match/safe_regex/regex"));
        assertEquals("v[12]", JsonPointer.resolve(root, route0 + "/match/headers/0/string_match/safe_regex/regex"));
        assertEquals("acme", JsonPointer.resolve(root, route0 + "/match/headers/1/string_match/exact"));
        assertEquals("t.*", JsonPointer.resolve(root, route0 + "/match/query_parameters/1/string_match/safe_regex/regex"));
        assertEquals(null, JsonPointer.resolve(root, route0 + "/match/query_parameters/1/regex"));
        assertEquals("shadow", JsonPointer.resolve(root, route0 + "/route/request_mirror_policies/0/cluster"));
        assertEquals("TEN_THOUSAND",
                JsonPointer.resolve(root, route0 + "/route/request_mirror_policies/0/runtime_fraction/default_value/denominator"));
        assertEquals("30s", JsonPointer.resolve(root, hcm + "/common_http_protocol_options/idle_timeout"));
        assertEquals("type.googleapis.com/envoy.extensions.filters.http.lua.v3.LuaPerRoute",
                JsonPointer.resolve(root, hcm + "/route_config/virtual_hosts/0/typed_per_filter_config/envoy.filters.http.lua/@type"));
        assertEquals(Boolean.TRUE, JsonPointer.resolve(root,
                hcm + "/route_config/virtual_hosts/0/typed_per_filter_config/envoy.filters.http.lua/disabled"));
        assertEquals("type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua",
                JsonPointer.resolve(root, hcm + "/http_filters/1/typed_config/@type"));
        assertEquals("db", JsonPointer.resolve(root, "/static_resources/listeners/1/filter_chains/0/filters/0/typed_config/cluster"));
        String api = "/static_resources/clusters/0";
        assertEquals("api", JsonPointer.resolve(root, api + "/load_assignment/cluster_name"));
        assertEquals("api2.internal", JsonPointer.resolve(root,
                api + "/load_assignment/endpoints/0/lb_endpoints/1/endpoint/address/socket_address/address"));
        String hpo = api + "/typed_extension_protocol_options/" + ApiVersions.HTTP_PROTOCOL_OPTIONS;
        assertEquals(Map.of(), JsonPointer.resolve(root, hpo + "/explicit_http_config/http2_protocol_options"));
        assertEquals(100L, JsonPointer.resolve(root, hpo + "/common_http_protocol_options/max_requests_per_connection"));
        assertEquals("HTTP2", JsonPointer.resolve(root, api + "/health_checks/0/http_health_check/codec_client_type"));
        assertEquals("web.internal", JsonPointer.resolve(root, "/static_resources/clusters/1/transport_socket/typed_config/sni"));
        assertEquals("CLUSTER_PROVIDED", JsonPointer.resolve(root, "/static_resources/clusters/2/lb_policy"));
        assertEquals("URI", JsonPointer.resolve(root,
                "/static_resources/secrets/0/validation_context/match_typed_subject_alt_names/1/san_type"));
        assertEquals("override", JsonPointer.resolve(root, "/layered_runtime/layers/2/name"));
        // field order is kept: the transport socket replaced tls_context where it stood
        assertEquals(List.of("transport_socket", "filters"),
                List.copyOf(Tree.map(JsonPointer.resolve(root, "/static_resources/listeners/0/filter_chains/0")).keySet()));
    }

    @Test
    void hostRewriteWithASubstitutionFormatIsTheNewV3Field() {
        ConfigSource v3 = TestConfigs.text("t.yaml", """
                static_resources:
                  listeners:
                  - filter_chains:
                    - filters:
                      - name: hcm
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          route_config:
                            virtual_hosts:
                            - routes:
                              - route: {cluster: a, host_rewrite: "%REQ(x-host)%"}
                """);
        assertTrue(V2Upgrader.upgrade(v3).unchanged());
        assertTrue(V2Detector.detect(v3).signals().isEmpty());
    }

    @Test
    void camelCaseFieldNamesAreUpgradedToo() {
        ConfigSource v2 = TestConfigs.text("t.yaml", """
                staticResources:
                  listeners:
                  - filterChains:
                    - filters:
                      - name: envoy.http_connection_manager
                        config:
                          statPrefix: x
                          httpFilters:
                          - name: envoy.router
                """);
        Object root = V2Upgrader.upgrade(v2).source().root();
        String f = "/staticResources/listeners/0/filterChains/0/filters/0";
        assertEquals("type.googleapis.com/" + ApiVersions.HCM, JsonPointer.resolve(root, f + "/typed_config/@type"));
        assertEquals("type.googleapis.com/" + ApiVersions.ROUTER,
                JsonPointer.resolve(root, f + "/typed_config/httpFilters/0/typed_config/@type"));
    }

    @Test
    void unknownExtensionsWithV2ConfigAreReportedNotGuessed() {
        ConfigSource v2 = TestConfigs.text("t.yaml", """
                static_resources:
                  listeners:
                  - filter_chains:
                    - filters:
                      - name: acme.custom_filter
                        config: {a: 1}
                """);
        UpgradeResult r = V2Upgrader.upgrade(v2);
        assertEquals(1, r.unconverted().size());
        Change u = r.unconverted().get(0);
        assertEquals("/static_resources/listeners/0/filter_chains/0/filters/0/config", u.pointer());
        assertEquals(new Position(6, 9), u.position());
        assertNotNull(JsonPointer.resolve(r.source().root(), u.pointer()));
        assertTrue(V2Detector.detect(v2).v2());
    }

    /** Every "@type"/type_url value naming a v2 message, as pointers. */
    static List<String> v2TypeUrls(Object node, String at) {
        List<String> out = new ArrayList<>();
        Map<String, Object> m = Tree.map(node);
        if (m != null) {
            for (Map.Entry<String, Object> e : m.entrySet()) {
                String p = JsonPointer.child(at, e.getKey());
                if ((e.getKey().equals("@type") || e.getKey().equals("type_url"))
                        && ApiVersions.isV2Message(Tree.messageName(Tree.str(e.getValue())))) {
                    out.add(p);
                }
                out.addAll(v2TypeUrls(e.getValue(), p));
            }
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                out.addAll(v2TypeUrls(l.get(i), JsonPointer.child(at, i)));
            }
        }
        return out;
    }
}
