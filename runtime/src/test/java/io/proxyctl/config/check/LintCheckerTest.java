package io.proxyctl.config.check;

import static io.proxyctl.config.check.CheckAssertions.none;
import static io.proxyctl.config.check.CheckAssertions.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.TestConfigs;
import io.proxyctl.config.upgrade.ExampleConfigs;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import io.proxyctl.config.validate.Severity;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LintCheckerTest {
    /** A listener whose single virtual host has {@code %s} as its routes (indented for line 17 onwards). */
    private static final String ROUTES = """
            static_resources:
              listeners:
              - name: web
                address:
                  socket_address: {address: 127.0.0.1, port_value: 8080}
                filter_chains:
                - filters:
                  - name: envoy.filters.network.http_connection_manager
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                      stat_prefix: ingress
                      route_config:
                        name: local
                        virtual_hosts:
                        - name: backend
                          domains: ["*"]
                          routes:
            %s
                      http_filters:
                      - name: envoy.filters.http.router
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
              clusters:
              - name: a
                connect_timeout: 1s
                load_assignment:
                  cluster_name: a
                  endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 9000}}}}]}]
            """;

    private static List<Diagnostic> lint(String yaml) {
        return LintChecker.check(TestConfigs.text("envoy.yaml", yaml));
    }

    static Stream<String> examples() {
        return ExampleConfigs.all().stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void envoyproxyExamplesHaveNoShadowedUnusedEmptyOrDeprecatedWarnings(String path) {
        List<Diagnostic> ds = LintChecker.check(TestConfigs.resource(path));
        for (Diagnostic d : ds) {
            assertEquals(DiagnosticCode.ADMIN_NOT_LOOPBACK, d.code(), d::toString);
        }
    }

    @Test
    void shadowedRoutesAreReportedAtTheLaterRoute() {
        String routes = """
                          - match: {prefix: "/api"}
                            route: {cluster: a}
                          - match: {prefix: "/api/v1"}
                            route: {cluster: a}
                          - match: {path: "/api"}
                            route: {cluster: a}
                          - match: {prefix: "/API/v2", case_sensitive: false}
                            route: {cluster: a}
                          - match: {prefix: "/web", headers: [{name: x-canary, present_match: true}]}
                            route: {cluster: a}
                          - match: {prefix: "/web/x"}
                            route: {cluster: a}
                          - match: {prefix: "/"}
                            route: {cluster: a}
                          - match: {safe_regex: {regex: "/z.*"}}
                            route: {cluster: a}
                """;
        List<Diagnostic> ds = lint(ROUTES.formatted(routes.indent(4).stripTrailing()));
        List<Diagnostic> shadowed = ds.stream().filter(d -> d.code() == DiagnosticCode.SHADOWED_ROUTE).toList();
        assertEquals(List.of("20:33", "22:31", "32:45"), shadowed.stream().map(d -> d.line() + ":" + d.column()).toList(),
                ds::toString);
        Diagnostic first = shadowed.get(0);
        assertEquals(Severity.WARNING, first.severity());
        assertEquals("route 2 (prefix '/api/v1') of virtual host 'backend' can never match: shadowed by route 1 "
                + "(prefix '/api') at line 18", first.message());
        assertEquals("move it above route 1, or make route 1 more specific (a longer prefix, headers or query_parameters)",
                first.suggestion());
        assertTrue(shadowed.get(1).message().startsWith("route 3 (path '/api')"), shadowed.get(1).message());
        assertTrue(shadowed.get(2).message().contains("shadowed by route 7 (prefix '/')"), shadowed.get(2).message());
    }

    @Test
    void unusedClustersAreReportedUnlessSomethingRefersToThem() {
        String yaml = """
                dynamic_resources:
                  ads_config:
                    api_type: GRPC
                    grpc_services: [{envoy_grpc: {cluster_name: xds}}]
                static_resources:
                  listeners:
                  - name: tcp
                    filter_chains:
                    - filters:
                      - name: envoy.filters.network.tcp_proxy
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                          stat_prefix: t
                          weighted_clusters: {clusters: [{name: db1, weight: 1}, {name: db2, weight: 1}]}
                  clusters:
                  - {name: xds, type: STATIC, load_assignment: {cluster_name: xds, endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 1}}}}]}]}}
                  - {name: db1, type: EDS, eds_cluster_config: {eds_config: {ads: {}}}}
                  - {name: db2, type: EDS, eds_cluster_config: {eds_config: {ads: {}}}}
                  - {name: orphan, type: EDS, eds_cluster_config: {eds_config: {ads: {}}}}
                """;
        Diagnostic d = one(lint(yaml), DiagnosticCode.UNUSED_CLUSTER, 19, 12);
        assertEquals("cluster 'orphan' is never used: no route, weighted cluster, mirror policy, TCP proxy or "
                + "xDS/admin config refers to it", d.message());
        // a cluster_header route may pick any cluster, and Lua code may name one: nothing is reported then
        none(lint(ROUTES.formatted("              - match: {prefix: \"/\"}\n                route: {cluster_header: x-c}")
                .replace("  clusters:\n", "  clusters:\n  - {name: spare, type: EDS}\n")), DiagnosticCode.UNUSED_CLUSTER);
        String lua = yaml.replace("static_resources:", """
                layered_runtime:
                  layers: [{name: x, static_layer: {code: "request_handle:httpCall('orphan', ...)"}}]
                static_resources:""");
        none(lint(lua), DiagnosticCode.UNUSED_CLUSTER);
    }

    @Test
    void clustersWithoutEndpoints() {
        String yaml = """
                static_resources:
                  clusters:
                  - name: empty-static
                    connect_timeout: 1s
                  - name: empty-dns
                    type: STRICT_DNS
                    connect_timeout: 1s
                    load_assignment: {cluster_name: empty-dns, endpoints: [{lb_endpoints: []}]}
                  - name: eds
                    type: EDS
                    connect_timeout: 1s
                    eds_cluster_config: {eds_config: {ads: {}}}
                  - name: original
                    type: ORIGINAL_DST
                    lb_policy: CLUSTER_PROVIDED
                    connect_timeout: 1s
                """;
        List<Diagnostic> ds = lint(yaml).stream().filter(d -> d.code() == DiagnosticCode.CLUSTER_WITHOUT_ENDPOINTS).toList();
        assertEquals(List.of("3:11", "5:11"), ds.stream().map(d -> d.line() + ":" + d.column()).toList(), ds::toString);
        assertEquals("cluster 'empty-static' (STATIC) has no endpoints: requests routed to it fail with 503 "
                + "(no healthy upstream)", ds.get(0).message());
        assertTrue(ds.get(1).message().startsWith("cluster 'empty-dns' (STRICT_DNS)"));
    }

    @Test
    void adminOnANonLoopbackAddress() {
        Diagnostic d = one(lint("""
                admin:
                  address:
                    socket_address: {address: 0.0.0.0, port_value: 9901}
                """), DiagnosticCode.ADMIN_NOT_LOOPBACK, 3, 31);
        assertTrue(d.message().startsWith("the admin API listens on 0.0.0.0:9901, reachable from other hosts"));
        for (String loopback : List.of("127.0.0.1", "::1", "localhost", "127.0.0.53")) {
            none(lint("admin: {address: {socket_address: {address: \"" + loopback + "\", port_value: 9901}}}\n"),
                    DiagnosticCode.ADMIN_NOT_LOOPBACK);
        }
    }

    @Test
    void deprecatedFieldsAreReportedAtTheirKeysWithTheReplacement() {
        String routes = """
                          - match:
                              prefix: "/"
                              headers: [{name: x-tenant, exact_match: acme}]
                            route: {cluster: a}
                """;
        String yaml = "admin:\n  access_log_path: /dev/null\n" + ROUTES.formatted(routes.indent(4).stripTrailing())
                .replace("    connect_timeout: 1s\n", "    connect_timeout: 1s\n    http2_protocol_options: {}\n");
        List<Diagnostic> ds = lint(yaml).stream().filter(d -> d.code() == DiagnosticCode.DEPRECATED_FIELD).toList();
        assertEquals(List.of("2:3", "22:46", "31:5"), ds.stream().map(d -> d.line() + ":" + d.column()).toList(),
                ds::toString);
        assertEquals("'access_log_path' is deprecated (Envoy: \"Using deprecated option "
                + "'envoy.config.bootstrap.v3.Admin.access_log_path'\"); it may be removed from Envoy", ds.get(0).message());
        assertEquals("use admin.access_log with an envoy.access_loggers.file logger", ds.get(0).suggestion());
        assertEquals("use string_match: {exact: ...}", ds.get(1).suggestion());
        assertTrue(ds.get(2).suggestion().contains("HttpProtocolOptions"));
    }

    @Test
    void deprecationMarksFromTheSchemaModulesDefinitionsArePickedUp() throws Exception {
        URL folder = LintCheckerTest.class.getResource("/schema-defs-sample/");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {folder}, null)) {
            MessageSchema schema = MessageSchemas.layered(SchemaDefinitions.from(loader), CatalogSchema.builtin());
            String yaml = "static_resources:\n  listeners:\n  - name: l\n    stat_prefix: old\n";
            Diagnostic d = one(LintChecker.check(TestConfigs.text("e.yaml", yaml), schema), DiagnosticCode.DEPRECATED_FIELD,
                    4, 5);
            assertTrue(d.message().contains("envoy.config.listener.v3.Listener.stat_prefix"), d.message());
            none(LintChecker.check(TestConfigs.text("e.yaml", yaml)), DiagnosticCode.DEPRECATED_FIELD);
            none(LintChecker.check(TestConfigs.text("e.yaml", "admin: {access_log_path: /dev/null}\n"), null),
                    DiagnosticCode.DEPRECATED_FIELD);
        }
    }
}
