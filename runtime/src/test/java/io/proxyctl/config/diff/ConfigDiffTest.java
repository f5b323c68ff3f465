package io.proxyctl.config.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {
    static final String BASE = """
            admin:
              address:
                socket_address: {address: 127.0.0.1, port_value: 9901}
            static_resources:
              listeners:
              - name: listener_0
                address:
                  socket_address: {address: 0.0.0.0, port_value: 10000}
                filter_chains:
                - filters:
                  - name: envoy.filters.network.http_connection_manager
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                      stat_prefix: ingress_http
                      route_config:
                        name: local_route
                        virtual_hosts:
                        - name: backend
                          domains: ["example.com", "www.example.com"]
                          routes:
                          - match: {prefix: "/api"}
                            route: {cluster: api}
                          - match: {prefix: "/"}
                            route: {cluster: web}
                        - name: fallback
                          domains: ["*"]
                          routes:
                          - match: {prefix: "/"}
                            direct_response: {status: 404}
                      http_filters:
                      - name: envoy.filters.http.cors
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors
                      - name: envoy.filters.http.router
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
              clusters:
              - name: api
                connect_timeout: 0.25s
                type: STRICT_DNS
                load_assignment:
                  cluster_name: api
                  endpoints:
                  - lb_endpoints:
                    - endpoint: {address: {socket_address: {address: api1, port_value: 8080}}}
                    - endpoint: {address: {socket_address: {address: api2, port_value: 8080}}}
              - name: web
                type: STATIC
                load_assignment:
                  cluster_name: web
                  endpoints:
                  - lb_endpoints:
                    - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 8081}}}
            """;

    static ResourceSet set(String name, String yaml) {
        LoadResult r = YamlLoader.loadText(name, yaml);
        assertTrue(r.ok(), () -> r.diagnostics().toString());
        return ResourceSet.isConfigDump(r.source().root())
                ? ResourceSet.fromConfigDump(r.source(), false) : ResourceSet.fromBootstrap(r.source());
    }

    static DiffResult diff(String a, String b) {
        return ConfigDiff.compare(set("a.yaml", a), set("b.yaml", b));
    }

    /** "kind name: path type old -> new" lines, for compact assertions. */
    static List<String> summary(DiffResult r) {
        return r.changes().stream().flatMap(c -> c.fields().isEmpty()
                ? java.util.stream.Stream.of(c.kind().label() + " " + c.name() + " " + c.type().label())
                : c.fields().stream().map(f -> c.kind().label() + " " + c.name() + ": " + f.path() + " "
                        + f.type().label() + " " + f.oldValue() + " -> " + f.newValue()))
                .collect(Collectors.toList());
    }

    @Test
    void sameConfigIsIdentical() {
        DiffResult r = diff(BASE, BASE);
        assertTrue(r.identical());
        // listener, route config, 2 clusters, 2 endpoints, bootstrap
        assertEquals(7, r.compared());
    }

    @Test
    void resourceOrderDoesNotMatter() {
        int api = BASE.indexOf("  - name: api");
        int web = BASE.indexOf("  - name: web");
        String swapped = BASE.substring(0, api) + BASE.substring(web) + BASE.substring(api, web);
        assertTrue(swapped.indexOf("name: web") < swapped.indexOf("name: api"), swapped);
        assertTrue(diff(BASE, swapped).identical(), () -> summary(diff(BASE, swapped)).toString());
    }

    @Test
    void virtualHostsDomainsAndEndpointsAreUnordered() {
        String b = BASE.replace("domains: [\"example.com\", \"www.example.com\"]", "domains: [\"www.example.com\", \"example.com\"]")
                .replace("address: api1", "address: TMP").replace("address: api2", "address: api1").replace("address: TMP", "address: api2");
        assertTrue(diff(BASE, b).identical(), () -> summary(diff(BASE, b)).toString());
        String vhostsSwapped = swapVirtualHosts(BASE);
        assertTrue(diff(BASE, vhostsSwapped).identical(), () -> summary(diff(BASE, vhostsSwapped)).toString());
    }

    private static String swapVirtualHosts(String s) {
        int backend = s.indexOf("            - name: backend");
        int fallback = s.indexOf("            - name: fallback");
        int end = s.indexOf("          http_filters:");
        return s.substring(0, backend) + s.substring(fallback, end) + s.substring(backend, fallback) + s.substring(end);
    }

    @Test
    void routeOrderMatters() {
        String b = swap(BASE, "{prefix: \"/api\"}\n                route: {cluster: api}",
                "{prefix: \"/\"}\n                route: {cluster: web}");
        assertTrue(!b.equals(BASE));
        DiffResult r = diff(BASE, b);
        assertEquals(List.of("route_config local_route: virtual_hosts[backend].routes reordered "
                + "[prefix=/api, prefix=/] -> [prefix=/, prefix=/api]"), summary(r));
    }

    @Test
    void httpFilterOrderMatters() {
        String b = swap(swap(BASE, "envoy.filters.http.cors", "envoy.filters.http.router"),
                "cors.v3.Cors", "router.v3.Router");
        assertTrue(b.indexOf("http.router") < b.indexOf("http.cors"), "test input unchanged");
        List<String> s = summary(diff(BASE, b));
        assertEquals(1, s.size(), s::toString);
        assertTrue(s.get(0).startsWith("listener listener_0: filter_chains[*].filters[envoy.filters.network.http_connection_manager]"
                + ".typed_config.http_filters reordered [envoy.filters.http.cors, envoy.filters.http.router] -> "
                + "[envoy.filters.http.router, envoy.filters.http.cors]"), s::toString);
    }

    @Test
    void defaultsAndSpellingsAreNormalised() {
        String b = BASE.replace("connect_timeout: 0.25s", "connectTimeout: 0.250000s")
                .replace("type: STRICT_DNS", "type: strict_dns\n    lbPolicy: 0\n    dns_lookup_family: auto")
                .replace("type: STATIC\n", "connect_timeout: 5.000s\n    type: static\n    per_connection_buffer_limit_bytes: 1048576\n")
                .replace("socket_address: {address: 0.0.0.0, port_value: 10000}",
                        "socketAddress: {address: 0.0.0.0, portValue: 10000, protocol: TCP}")
                .replace("route: {cluster: api}", "route: {cluster: api, timeout: 15s}")
                .replace("stat_prefix: ingress_http", "stat_prefix: ingress_http\n          codec_type: AUTO\n          use_remote_address: false");
        assertTrue(diff(BASE, b).identical(), () -> summary(diff(BASE, b)).toString());
    }

    @Test
    void explicitValueDifferentFromDefaultIsAChange() {
        String b = BASE.replace("route: {cluster: api}", "route: {cluster: api, timeout: 0s, retry_policy: {num_retries: 0}}")
                .replace("type: STATIC\n", "type: STATIC\n    connect_timeout: 1s\n");
        DiffResult r = diff(BASE, b);
        assertEquals(List.of(
                "route_config local_route: virtual_hosts[backend].routes[prefix=/api].route.retry_policy added null -> {num_retries=0}",
                "route_config local_route: virtual_hosts[backend].routes[prefix=/api].route.timeout added null -> 0s",
                "cluster web: connect_timeout added null -> 1s"), summary(r));
        FieldChange timeout = r.changes().stream().filter(c -> c.name().equals("web")).findFirst().orElseThrow().fields().get(0);
        assertEquals("5s", timeout.defaultValue());
    }

    @Test
    void fieldChangesCarryBothSidesLines() {
        String b = BASE.replace("connect_timeout: 0.25s", "connect_timeout: 1s");
        DiffResult r = diff(BASE, b);
        assertEquals(1, r.changes().size());
        ResourceChange c = r.changes().get(0);
        assertEquals(ResourceKind.CLUSTER, c.kind());
        assertEquals("api", c.name());
        FieldChange f = c.fields().get(0);
        assertEquals("connect_timeout", f.path());
        assertEquals("0.25s", f.oldValue());
        assertEquals("1s", f.newValue());
        int line = lineOf(BASE, "connect_timeout: 0.25s");
        assertEquals(new Location("a.yaml", line), f.a());
        assertEquals(new Location("b.yaml", line), f.b());
        assertEquals(new Location("a.yaml", lineOf(BASE, "- name: api")), c.a());
    }

    /** Swaps two distinct substrings of s. */
    static String swap(String s, String x, String y) {
        assertTrue(s.contains(x) && s.contains(y), x + " / " + y);
        return s.replace(x, "\u0000").replace(y, x).replace("\u0000", y);
    }

    static int lineOf(String text, String needle) {
        int i = text.indexOf(needle);
        return (int) text.substring(0, i).chars().filter(ch -> ch == '\n').count() + 1;
    }

    @Test
    void addedAndRemovedResources() {
        String b = BASE.replace("- name: web\n", "- name: static_web\n").replace("cluster_name: web", "cluster_name: static_web")
                .replace("- name: listener_0", "- name: listener_1");
        List<String> s = summary(diff(BASE, b));
        assertEquals(List.of("listener listener_0 removed", "listener listener_1 added",
                "cluster static_web added", "cluster web removed",
                "endpoints static_web added", "endpoints web removed"), s);
    }

    @Test
    void domainsAndEndpointsChangesAreElementWise() {
        String b = BASE.replace("\"www.example.com\"", "\"api.example.com\"")
                .replace("address: api2, port_value: 8080", "address: api3, port_value: 8080");
        assertEquals(List.of(
                "route_config local_route: virtual_hosts[backend].domains removed www.example.com -> null",
                "route_config local_route: virtual_hosts[backend].domains added null -> api.example.com",
                "endpoints api: endpoints[*].lb_endpoints[api2:8080] removed {endpoint={address={socket_address={address=api2, port_value=8080}}}} -> null",
                "endpoints api: endpoints[*].lb_endpoints[api3:8080] added null -> {endpoint={address={socket_address={address=api3, port_value=8080}}}}"),
                summary(diff(BASE, b)));
    }

    @Test
    void filterChainsAreKeyedByMatch() {
        String twoChains = """
                static_resources:
                  listeners:
                  - name: tls
                    address: {socket_address: {address: 0.0.0.0, port_value: 443}}
                    filter_chains:
                    - filter_chain_match: {server_names: [a.example.com]}
                      filters:
                      - name: envoy.filters.network.tcp_proxy
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                          stat_prefix: a
                          cluster: a
                    - filter_chain_match: {server_names: [b.example.com]}
                      filters:
                      - name: envoy.filters.network.tcp_proxy
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                          stat_prefix: b
                          cluster: b
                """;
        String reordered = twoChains.substring(0, twoChains.indexOf("    - filter_chain_match: {server_names: [a"))
                + twoChains.substring(twoChains.indexOf("    - filter_chain_match: {server_names: [b"))
                + twoChains.substring(twoChains.indexOf("    - filter_chain_match: {server_names: [a"),
                        twoChains.indexOf("    - filter_chain_match: {server_names: [b"));
        assertTrue(diff(twoChains, reordered).identical(), () -> summary(diff(twoChains, reordered)).toString());
        String changed = twoChains.replace("cluster: b\n", "cluster: b2\n").replace("idle", "idle");
        assertEquals(List.of("listener tls: filter_chains[{\"server_names\":[\"b.example.com\"]}].filters"
                + "[envoy.filters.network.tcp_proxy].typed_config.cluster changed b -> b2"), summary(diff(twoChains, changed)));
        String idle = twoChains.replace("stat_prefix: a\n", "stat_prefix: a\n          idle_timeout: 3600s\n");
        assertTrue(diff(twoChains, idle).identical(), "TcpProxy idle_timeout default is 1h");
    }

    @Test
    void inlineRouteConfigsWithTheSameNameAreKeptApart() {
        String two = """
                static_resources:
                  listeners:
                  - name: l1
                    address: {socket_address: {address: 0.0.0.0, port_value: 1}}
                    filter_chains:
                    - filters:
                      - name: hcm
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: one
                          route_config: {name: local_route, virtual_hosts: [{name: v, domains: ["*"], routes: [{match: {prefix: /}, route: {cluster: c1}}]}]}
                  - name: l2
                    address: {socket_address: {address: 0.0.0.0, port_value: 2}}
                    filter_chains:
                    - filters:
                      - name: hcm
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: two
                          route_config: {name: local_route, virtual_hosts: [{name: v, domains: ["*"], routes: [{match: {prefix: /}, route: {cluster: c2}}]}]}
                """;
        ResourceSet s = set("a.yaml", two);
        assertEquals(List.of("local_route (in listener l1)", "local_route (in listener l2)"),
                List.copyOf(s.resources(ResourceKind.ROUTE_CONFIGURATION).keySet()));
        assertEquals(List.of("route_config local_route (in listener l2): virtual_hosts[v].routes[prefix=/].route.cluster changed c2 -> c3"),
                summary(diff(two, two.replace("cluster: c2", "cluster: c3"))));
    }

    @Test
    void bootstrapSettingsAreCompared() {
        String b = BASE.replace("port_value: 9901", "port_value: 9902");
        assertEquals(List.of("bootstrap bootstrap: admin.address.socket_address.port_value changed 9901 -> 9902"),
                summary(diff(BASE, b)));
    }

    @Test
    void xdsResourceFilesAreKeyedLikeBootstraps() {
        String cds = """
                resources:
                - "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster
                  name: a
                  connect_timeout: 1s
                  load_assignment:
                    cluster_name: a
                    endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: h1, port_value: 80}}}}]}]
                - "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster
                  name: b
                """;
        ResourceSet s = set("cds.yaml", cds);
        assertEquals(List.of("a", "b"), List.copyOf(s.resources(ResourceKind.CLUSTER).keySet()));
        assertEquals(List.of("a"), List.copyOf(s.resources(ResourceKind.ENDPOINTS).keySet()));
        String reordered = cds.substring(0, cds.indexOf("- \"@type\"")) + cds.substring(cds.lastIndexOf("- \"@type\""))
                + cds.substring(cds.indexOf("- \"@type\""), cds.lastIndexOf("- \"@type\""));
        assertTrue(diff(cds, reordered).identical(), reordered);
        assertEquals(List.of("cluster a: connect_timeout changed 1s -> 2s"), summary(diff(cds, cds.replace("1s", "2s"))));
    }

    @Test
    void canonicalTreeIsKeyedAndSorted() {
        Map<String, Object> c = set("a.yaml", BASE).canonical(false);
        assertEquals(List.of("listeners", "route_configs", "clusters", "endpoints"), List.copyOf(c.keySet()));
        assertEquals(List.of("api", "web"), List.copyOf(((Map<?, ?>) c.get("clusters")).keySet()));
        assertEquals(Map.of("connect_timeout", "0.25s", "name", "api", "type", "STRICT_DNS"),
                ((Map<?, ?>) c.get("clusters")).get("api"));
    }
}
