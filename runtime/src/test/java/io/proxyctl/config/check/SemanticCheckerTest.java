package io.proxyctl.config.check;

import static io.proxyctl.config.check.CheckAssertions.empty;
import static io.proxyctl.config.check.CheckAssertions.none;
import static io.proxyctl.config.check.CheckAssertions.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.TestConfigs;
import io.proxyctl.config.upgrade.ExampleConfigs;
import io.proxyctl.config.upgrade.V2Upgrader;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import io.proxyctl.config.validate.Severity;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SemanticCheckerTest {
    /** An HCM listener routing "/" to {@code %s}; the cluster 'service1' exists. Line numbers are fixed. */
    private static final String ROUTE_TO = """
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
                          - match: {prefix: "/"}
                            route: %s
                      http_filters:
                      - name: envoy.filters.http.router
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
              clusters:
              - name: service1
                connect_timeout: 1s
                load_assignment:
                  cluster_name: service1
                  endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 9000}}}}]}]
            """;

    private static List<Diagnostic> check(String yaml) {
        return SemanticChecker.check(TestConfigs.text("envoy.yaml", yaml));
    }

    static Stream<String> examples() {
        return ExampleConfigs.all().stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void envoyproxyExamplesHaveNoLoadTimeErrors(String path) {
        empty(SemanticChecker.check(TestConfigs.resource(path)));
    }

    @Test
    void upgradedV2ConfigsHaveNoLoadTimeErrors() {
        empty(SemanticChecker.check(V2Upgrader.upgrade(TestConfigs.resource("getting-started/envoy.yaml")).source()));
        empty(SemanticChecker.check(V2Upgrader.upgrade(TestConfigs.resource("v2/all-rules.yaml")).source()));
    }

    @Test
    void routeToAKnownClusterIsFine() {
        empty(check(ROUTE_TO.formatted("{cluster: service1}")));
    }

    @Test
    void unknownClusterHasEnvoysWordingAndASuggestion() {
        Diagnostic d = one(check(ROUTE_TO.formatted("{cluster: servce1}")), DiagnosticCode.UNKNOWN_CLUSTER, 19, 34);
        assertEquals("route: unknown cluster 'servce1' (virtual host 'backend' of route configuration 'local')",
                d.message());
        assertEquals("did you mean 'service1'?", d.suggestion());
        assertEquals(Severity.ERROR, d.severity());
        assertEquals("static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config"
                + ".virtual_hosts[0].routes[0].route.cluster", d.path());
    }

    @Test
    void unknownWeightedAndShadowClustersAreReported() {
        List<Diagnostic> ds = check(ROUTE_TO.formatted(
                "{weighted_clusters: {clusters: [{name: service1, weight: 1}, {name: canary, weight: 1}]}, "
                        + "request_mirror_policies: [{cluster: shadow}]}"));
        List<Diagnostic> unknown = ds.stream().filter(d -> d.code() == DiagnosticCode.UNKNOWN_CLUSTER).toList();
        assertEquals(2, unknown.size(), ds::toString);
        assertTrue(unknown.get(0).message().startsWith("route: unknown weighted cluster 'canary'"));
        assertEquals(19, unknown.get(0).line());
        assertEquals(92, unknown.get(0).column());
        assertTrue(unknown.get(1).message().startsWith("route: unknown shadow cluster 'shadow'"));
        assertEquals(150, unknown.get(1).column());
    }

    @Test
    void clusterHeaderValidateClustersFalseAndCdsAreExempt() {
        empty(check(ROUTE_TO.formatted("{cluster_header: x-cluster}")));
        empty(check(ROUTE_TO.formatted("{cluster: elsewhere}").replace("            name: local\n",
                "            name: local\n            validate_clusters: false\n")));
        empty(check(ROUTE_TO.formatted("{cluster: from-cds}") + "dynamic_resources:\n  cds_config: {path: cds.yaml}\n"));
    }

    @Test
    void duplicateClusterNames() {
        String yaml = """
                static_resources:
                  clusters:
                  - name: api
                    connect_timeout: 1s
                  - name: web
                    connect_timeout: 1s
                  - name: api
                    connect_timeout: 2s
                """;
        Diagnostic d = one(check(yaml), DiagnosticCode.DUPLICATE_CLUSTER, 7, 11);
        assertEquals("cluster manager: duplicate cluster 'api'", d.message());
        assertEquals("rename one of them; the first 'api' is at line 3", d.suggestion());
    }

    @Test
    void duplicateListenerNamesAndAddresses() {
        String yaml = """
                static_resources:
                  listeners:
                  - name: a
                    address: {socket_address: {address: 0.0.0.0, port_value: 10000}}
                  - name: a
                    address: {socket_address: {address: 0.0.0.0, port_value: 10001}}
                  - name: c
                    address: {socket_address: {address: 0.0.0.0, port_value: 10000}}
                  - name: udp
                    address: {socket_address: {address: 0.0.0.0, port_value: 10000, protocol: UDP}}
                  - name: eph1
                    address: {socket_address: {address: 127.0.0.1, port_value: 0}}
                  - name: eph2
                    address: {socket_address: {address: 127.0.0.1, port_value: 0}}
                  - name: nobind
                    bind_to_port: false
                    address: {socket_address: {address: 0.0.0.0, port_value: 10001}}
                """;
        List<Diagnostic> ds = check(yaml);
        Diagnostic name = one(ds, DiagnosticCode.DUPLICATE_LISTENER_NAME, 5, 11);
        assertEquals("duplicate listener name 'a': listener names must be unique", name.message());
        Diagnostic addr = one(ds, DiagnosticCode.DUPLICATE_LISTENER_ADDRESS, 8, 62);
        assertEquals("error adding listener: 'c' has duplicate address '0.0.0.0:10000' as existing listener 'a'",
                addr.message());
    }

    @Test
    void wildcardAndDuplicateDomains() {
        String yaml = """
                static_resources:
                  listeners:
                  - filter_chains:
                    - filters:
                      - name: hcm
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: x
                          route_config:
                            name: rc
                            validate_clusters: false
                            virtual_hosts:
                            - name: a
                              domains: ["*", "api.example.com"]
                              routes: [{match: {prefix: "/"}, direct_response: {status: 200}}]
                            - name: b
                              domains: ["API.example.com", "*"]
                              routes: [{match: {prefix: "/"}, direct_response: {status: 200}}]
                            - name: a
                              domains: ["other.example.com"]
                              routes: [{match: {prefix: "/"}, direct_response: {status: 200}}]
                          http_filters:
                          - name: envoy.filters.http.router
                            typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
                """;
        List<Diagnostic> ds = check(yaml);
        Diagnostic wildcard = one(ds, DiagnosticCode.MULTIPLE_WILDCARD_DOMAINS, 17, 44);
        assertTrue(wildcard.message().startsWith("Only a single wildcard domain is permitted in route rc"),
                wildcard.message());
        Diagnostic dup = one(ds, DiagnosticCode.DUPLICATE_DOMAIN, 17, 25);
        assertEquals("Only unique values for domains are permitted. Duplicate entry of domain api.example.com in route rc",
                dup.message());
        Diagnostic vh = one(ds, DiagnosticCode.DUPLICATE_VIRTUAL_HOST, 19, 21);
        assertEquals(Severity.WARNING, vh.severity());
        assertEquals(3, ds.size(), ds::toString);
    }

    @Test
    void routerMustBeTheLastHttpFilter() {
        String yaml = """
                static_resources:
                  listeners:
                  - filter_chains:
                    - filters:
                      - name: hcm
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: x
                          route_config: {validate_clusters: false, virtual_hosts: []}
                          http_filters:
                          - name: envoy.filters.http.router
                            typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
                          - name: envoy.filters.http.cors
                            typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors}
                """;
        List<Diagnostic> ds = check(yaml);
        List<Diagnostic> of = ds.stream().filter(d -> d.code() == DiagnosticCode.ROUTER_NOT_LAST).toList();
        assertEquals(2, of.size(), ds::toString);
        assertEquals("11:19", of.get(0).line() + ":" + of.get(0).column());
        assertEquals("Error: terminal filter named envoy.filters.http.router of type envoy.filters.http.router "
                + "must be the last filter in a http filter chain.", of.get(0).message());
        assertEquals("13:19", of.get(1).line() + ":" + of.get(1).column());
        assertEquals("Error: non-terminal filter named envoy.filters.http.cors of type envoy.filters.http.cors "
                + "is the last filter in a http filter chain.", of.get(1).message());
    }

    @Test
    void terminalNetworkFilterMustBeLast() {
        String yaml = """
                static_resources:
                  listeners:
                  - filter_chains:
                    - filters:
                      - name: envoy.filters.network.tcp_proxy
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                          stat_prefix: t
                          cluster: db
                      - name: envoy.filters.network.rbac
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.rbac.v3.RBAC
                          stat_prefix: r
                  clusters:
                  - name: db
                    connect_timeout: 1s
                """;
        Diagnostic d = one(check(yaml), DiagnosticCode.TERMINAL_FILTER_NOT_LAST, 5, 15);
        assertEquals("Error: terminal filter named envoy.filters.network.tcp_proxy of type "
                + "envoy.filters.network.tcp_proxy must be the last filter in a network filter chain.", d.message());
    }

    @Test
    void originalDstNeedsClusterProvidedAndNoLoadAssignment() {
        String yaml = """
                static_resources:
                  clusters:
                  - name: explicit
                    connect_timeout: 1s
                    type: ORIGINAL_DST
                    lb_policy: ROUND_ROBIN
                  - name: implicit
                    connect_timeout: 1s
                    type: original_dst
                  - name: good
                    connect_timeout: 1s
                    type: ORIGINAL_DST
                    lb_policy: CLUSTER_PROVIDED
                    load_assignment: {cluster_name: good}
                """;
        List<Diagnostic> ds = check(yaml);
        List<Diagnostic> lb = ds.stream().filter(d -> d.code() == DiagnosticCode.ORIGINAL_DST_LB).toList();
        assertEquals(2, lb.size(), ds::toString);
        assertEquals("6:16", lb.get(0).line() + ":" + lb.get(0).column());
        assertEquals("cluster: LB policy ROUND_ROBIN is not valid for Cluster type ORIGINAL_DST. Only "
                + "'CLUSTER_PROVIDED' is allowed with cluster type 'ORIGINAL_DST' (cluster 'explicit')", lb.get(0).message());
        assertEquals("9:11", lb.get(1).line() + ":" + lb.get(1).column());
        one(ds, DiagnosticCode.INVALID_VALUE, 14, 5);
    }

    @Test
    void everyExtensionNeedsATypedConfig() {
        String yaml = """
                admin:
                  access_log:
                  - name: envoy.access_loggers.stdout
                static_resources:
                  listeners:
                  - listener_filters:
                    - name: envoy.filters.listener.tls_inspector
                    filter_chains:
                    - filters:
                      - name: envoy.filters.network.http_connection_manager
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: x
                          route_config: {validate_clusters: false}
                          http_filters:
                          - name: envoy.filters.http.cors
                            is_optional: true
                          - name: envoy.filters.http.router
                      transport_socket:
                        name: envoy.transport_sockets.tls
                    - filters:
                      - name: envoy.filters.network.echo
                """;
        List<Diagnostic> ds = check(yaml);
        List<Diagnostic> missing = ds.stream().filter(d -> d.code() == DiagnosticCode.MISSING_TYPED_CONFIG).toList();
        assertEquals(List.of("7:7", "20:9", "18:13", "22:9", "3:5"),
                missing.stream().map(d -> d.line() + ":" + d.column()).toList(), ds::toString);
        Diagnostic router = missing.get(2);
        assertEquals("Didn't find a registered implementation for 'envoy.filters.http.router' with type URL: '' "
                + "(HTTP filter without typed_config; Envoy >= 1.22)", router.message());
        assertEquals("add typed_config: {\"@type\": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}",
                router.suggestion());
        assertTrue(missing.get(1).suggestion().contains("DownstreamTlsContext"), missing.get(1).suggestion());
    }

    @Test
    void invalidRe2RegexesAreErrorsAtTheRegex() {
        String yaml = """
                static_resources:
                  listeners:
                  - filter_chains:
                    - filters:
                      - name: hcm
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: x
                          route_config:
                            validate_clusters: false
                            virtual_hosts:
                            - name: a
                              domains: ["*"]
                              routes:
                              - match: {safe_regex: {regex: "/(?!admin).*"}}
                                direct_response: {status: 403}
                              - match:
                                  prefix: /
                                  headers: [{name: x-id, string_match: {safe_regex: {regex: "[0-9"}}}]
                                direct_response: {status: 400}
                              - match: {safe_regex: {regex: "/(?P<id>[0-9]+)/x{2,1000}"}}
                                route:
                                  cluster: a
                                  regex_rewrite: {pattern: {regex: "(a)\\\\1"}, substitution: x}
                          http_filters:
                          - name: envoy.filters.http.router
                            typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
                """;
        List<Diagnostic> ds = check(yaml);
        List<Diagnostic> bad = ds.stream().filter(d -> d.code() == DiagnosticCode.INVALID_VALUE).toList();
        assertEquals(List.of("15:45", "19:77", "24:52"), bad.stream().map(d -> d.line() + ":" + d.column()).toList(),
                ds::toString);
        assertEquals("invalid regex '/(?!admin).*': lookaround (?!...) is not supported by RE2", bad.get(0).message());
        assertTrue(bad.get(1).message().startsWith("invalid regex '[0-9': Unclosed character class"), bad.get(1).message());
        assertEquals("invalid regex '(a)\\1': backreference \\1 is not supported by RE2", bad.get(2).message());
    }

    @Test
    void diagnosticsOnAnUpgradedV2ConfigPointIntoTheOriginalFile() {
        String v2 = """
                static_resources:
                  listeners:
                  - name: l
                    address: {socket_address: {address: 0.0.0.0, port_value: 80}}
                    filter_chains:
                    - filters:
                      - name: envoy.http_connection_manager
                        config:
                          stat_prefix: x
                          route_config:
                            virtual_hosts:
                            - name: v
                              domains: ["*"]
                              routes:
                              - match: {regex: "/a(?=b)"}
                                route: {cluster: missing, host_rewrite: foo}
                          http_filters: [{name: envoy.router}]
                  clusters:
                  - name: present
                    connect_timeout: 1s
                    hosts: [{socket_address: {address: 127.0.0.1, port_value: 80}}]
                """;
        var upgraded = V2Upgrader.upgrade(TestConfigs.text("v2.yaml", v2)).source();
        List<Diagnostic> ds = SemanticChecker.check(upgraded);
        Diagnostic regex = one(ds, DiagnosticCode.INVALID_VALUE, 15, 32);
        assertTrue(regex.pointer().endsWith("/match/safe_regex/regex"), regex.pointer());
        one(ds, DiagnosticCode.UNKNOWN_CLUSTER, 16, 34);
        assertEquals(2, ds.size(), ds::toString);
        one(LintChecker.check(upgraded), DiagnosticCode.UNUSED_CLUSTER, 19, 11);
    }

    @Test
    void nonBootstrapAndOddShapesNeverThrow() {
        for (String yaml : List.of("a: 1\n", "static_resources: []\n", "static_resources: {listeners: 3, clusters: [1, x]}\n",
                "static_resources:\n  listeners:\n  - filter_chains: {filters: {name: x}}\n",
                "resources: [{\"@type\": type.googleapis.com/envoy.config.cluster.v3.Cluster, name: a}]\n")) {
            SemanticChecker.check(TestConfigs.text("odd.yaml", yaml));
            LintChecker.check(TestConfigs.text("odd.yaml", yaml));
            NotImplementedChecker.check(TestConfigs.text("odd.yaml", yaml), StaticCoverage.issue3());
        }
        none(check("a: 1\n"), DiagnosticCode.UNKNOWN_CLUSTER);
    }
}
