package io.proxyctl.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.model.HttpConnectionManager;
import io.proxyctl.config.model.RouteConfiguration;
import io.proxyctl.testing.ProxyFixture;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Virtual host selection and route matching on compiled tables, without sockets. */
class RouteTableTest {
    /** A request for matching: method, target, headers (lower-case names). */
    static final class Req implements RequestView {
        final String method;
        final String path;
        final Map<String, String> headers = new HashMap<>();

        Req(String method, String path, String... kv) {
            this.method = method;
            this.path = path;
            for (int i = 0; i + 1 < kv.length; i += 2) {
                headers.put(kv[i], kv[i + 1]);
            }
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public String header(String name) {
            return name.equals(":method") ? method : headers.get(name);
        }

        @Override
        public String queryParameter(String name) {
            int q = path.indexOf('?');
            if (q < 0) {
                return null;
            }
            for (String kv : path.substring(q + 1).split("&")) {
                String[] p = kv.split("=", 2);
                if (p[0].equals(name)) {
                    return p.length > 1 ? p[1] : "";
                }
            }
            return null;
        }

        @Override
        public String cookie(String name) {
            return null;
        }

        @Override
        public String sourceIp() {
            return "127.0.0.1";
        }
    }

    static RouteTable table(String virtualHosts, String extra) {
        String yaml = """
                static_resources:
                  listeners:
                  - name: l
                    address: { socket_address: { address: 127.0.0.1, port_value: 1 } }
                    filter_chains:
                    - filters:
                      - name: h
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: s
                          route_config:
                %s
                            virtual_hosts:
                %s
                """.formatted(io.proxyctl.testing.Configs.indent(extra, 12),
                io.proxyctl.testing.Configs.indent(virtualHosts, 12));
        HttpConnectionManager h = (HttpConnectionManager) ProxyFixture.bind(yaml).listeners().get(0).filterChains().get(0)
                .filters().get(0);
        RouteConfiguration rc = h.routeConfig();
        return RouteTable.compile(rc, name -> null);
    }

    private static String vhostName(RouteTable t, String host) {
        VirtualHostEntry v = t.virtualHost(host);
        return v == null ? null : v.name();
    }

    static final String DOMAINS = """
            - { name: exact, domains: [www.example.com, "www.example.com:8080"], routes: [] }
            - { name: suffix-long, domains: ["*.api.example.com"], routes: [] }
            - { name: suffix, domains: ["*.example.com", "*-bar.example.org"], routes: [] }
            - { name: prefix-long, domains: ["static.cdn.*"], routes: [] }
            - { name: prefix, domains: ["static.*"], routes: [] }
            """;

    @Test
    void domainMatchingOrder() {
        RouteTable t = table(DOMAINS + "- { name: any, domains: ['*'], routes: [] }", "");
        assertEquals("exact", vhostName(t, "www.example.com"));
        assertEquals("exact", vhostName(t, "WWW.Example.COM"));
        assertEquals("exact", vhostName(t, "www.example.com:8080"));
        assertEquals("suffix-long", vhostName(t, "v1.api.example.com"));
        assertEquals("suffix", vhostName(t, "api.example.com"));
        assertEquals("suffix", vhostName(t, "foo-bar.example.org"));
        assertEquals("any", vhostName(t, "-bar.example.org"), "a wildcard never matches an empty string");
        assertEquals("prefix-long", vhostName(t, "static.cdn.net"));
        assertEquals("prefix", vhostName(t, "static.net"));
        assertEquals("any", vhostName(t, "other.org"));
        assertEquals("any", vhostName(t, "www.example.com:9090"), "the port is part of the host");
    }

    @Test
    void noMatchingVirtualHostIsNull() {
        RouteTable t = table(DOMAINS, "");
        assertNull(t.virtualHost("nothing.here"));
        assertNull(t.virtualHost(null));
    }

    @Test
    void onlyAWildcardMatchesEvenWithoutHost() {
        RouteTable t = table("- { name: any, domains: ['*'], routes: [] }", "");
        assertEquals("any", vhostName(t, null));
    }

    @Test
    void ignorePortInHostMatching() {
        RouteTable t = table(DOMAINS, "ignore_port_in_host_matching: true");
        assertEquals("exact", vhostName(t, "www.example.com:9090"));
        assertEquals("suffix", vhostName(t, "a.example.com:1"));
        assertEquals("exact", vhostName(t, "www.example.com"));
    }

    @Test
    void duplicateAndMultipleWildcardDomainsAreRejected() {
        assertThrows(RouteCompileException.class, () -> table(
                "- { name: a, domains: ['*'], routes: [] }\n- { name: b, domains: ['*'], routes: [] }", ""));
        RouteCompileException e = assertThrows(RouteCompileException.class, () -> table(
                "- { name: a, domains: [x.com], routes: [] }\n- { name: b, domains: [X.com], routes: [] }", ""));
        assertTrue(e.getMessage().startsWith("Only unique values for domains are permitted"), e.getMessage());
    }

    private static String route(RouteTable t, Req r) {
        RouteEntry e = t.virtualHost("h").route(r);
        return e == null ? null : e.name();
    }

    @Test
    void pathMatchersAndFirstMatchWins() {
        RouteTable t = table("""
                - name: v
                  domains: ["*"]
                  routes:
                  - { name: exact, match: { path: /exact }, direct_response: { status: 200 } }
                  - { name: regex, match: { safe_regex: { regex: "/items/[0-9]+" } }, direct_response: { status: 200 } }
                  - { name: sep, match: { path_separated_prefix: /api }, direct_response: { status: 200 } }
                  - { name: ci, match: { prefix: /CaSe, case_sensitive: false }, direct_response: { status: 200 } }
                  - { name: connect, match: { connect_matcher: {} }, direct_response: { status: 200 } }
                  - { name: prefix, match: { prefix: /ex }, direct_response: { status: 200 } }
                  - { name: first-catch-all, match: { prefix: / }, direct_response: { status: 200 } }
                  - { name: never, match: { prefix: / }, direct_response: { status: 200 } }
                """, "");
        assertEquals("exact", route(t, new Req("GET", "/exact")));
        assertEquals("exact", route(t, new Req("GET", "/exact?x=1")));
        assertEquals("prefix", route(t, new Req("GET", "/exact/more")));
        assertEquals("regex", route(t, new Req("GET", "/items/42?y")));
        assertEquals("first-catch-all", route(t, new Req("GET", "/items/42x")), "regex is a full match");
        assertEquals("sep", route(t, new Req("GET", "/api")));
        assertEquals("sep", route(t, new Req("GET", "/api/v1")));
        assertEquals("sep", route(t, new Req("GET", "/api?x")));
        assertEquals("first-catch-all", route(t, new Req("GET", "/apix")));
        assertEquals("ci", route(t, new Req("GET", "/case/x")));
        assertEquals("first-catch-all", route(t, new Req("GET", "/Exact")), "case-sensitive by default");
        assertEquals("connect", route(t, new Req("CONNECT", "example.com:443")));
    }

    @Test
    void headerMatchers() {
        RouteTable t = table("""
                - name: v
                  domains: ["*"]
                  routes:
                  - name: all-kinds
                    match:
                      prefix: /
                      headers:
                      - { name: x-exact, exact_match: one }
                      - { name: x-prefix, prefix_match: abc }
                      - { name: x-suffix, suffix_match: xyz }
                      - { name: x-contains, contains_match: mid }
                      - { name: x-regex, safe_regex_match: { regex: "v[0-9]" } }
                      - { name: x-range, range_match: { start: 10, end: 20 } }
                      - { name: x-present, present_match: true }
                      - { name: x-string, string_match: { exact: ABC, ignore_case: true } }
                      - { name: ":method", exact_match: POST }
                    direct_response: { status: 200 }
                  - name: inverted
                    match:
                      prefix: /
                      headers:
                      - { name: x-env, exact_match: prod, invert_match: true }
                      - { name: x-absent, present_match: false }
                    direct_response: { status: 200 }
                  - name: missing-as-empty
                    match:
                      prefix: /
                      headers: [ { name: x-none, string_match: { exact: "" }, treat_missing_header_as_empty: true } ]
                    direct_response: { status: 200 }
                """, "");
        String[] ok = {"x-exact", "one", "x-prefix", "abcdef", "x-suffix", "wxyz", "x-contains", "amidb", "x-regex", "v7",
                "x-range", "19", "x-present", "", "x-string", "abc"};
        assertEquals("all-kinds", route(t, new Req("POST", "/", ok)));
        assertEquals("missing-as-empty", route(t, new Req("GET", "/", ok)), ":method must match");
        String[] badRange = ok.clone();
        badRange[11] = "20";
        assertEquals("missing-as-empty", route(t, new Req("POST", "/", badRange)), "range end is exclusive");
        String[] badRegex = ok.clone();
        badRegex[9] = "v77";
        assertEquals("missing-as-empty", route(t, new Req("POST", "/", badRegex)), "safe_regex_match is a full match");
        assertEquals("inverted", route(t, new Req("GET", "/", "x-env", "dev")));
        assertEquals("missing-as-empty", route(t, new Req("GET", "/", "x-env", "prod")));
        assertEquals("missing-as-empty", route(t, new Req("GET", "/")), "invert never matches a missing header");
        assertEquals("missing-as-empty", route(t, new Req("GET", "/", "x-env", "dev", "x-absent", "1")));
    }

    @Test
    void queryParameterAndGrpcMatchers() {
        RouteTable t = table("""
                - name: v
                  domains: ["*"]
                  routes:
                  - name: q
                    match: { prefix: /, query_parameters: [ { name: debug, present_match: true }, { name: v, string_match: { safe_regex: { regex: "[0-9]+" } } } ] }
                    direct_response: { status: 200 }
                  - name: grpc
                    match: { prefix: /, grpc: {} }
                    direct_response: { status: 200 }
                """, "");
        assertEquals("q", route(t, new Req("GET", "/x?debug&v=12")));
        assertNull(route(t, new Req("GET", "/x?debug&v=1a")));
        assertNull(route(t, new Req("GET", "/x?v=1")));
        assertEquals("grpc", route(t, new Req("POST", "/svc/M", "content-type", "application/grpc+proto")));
    }

    @Test
    void rewrites() {
        RouteTable t = table("""
                - name: v
                  domains: ["*"]
                  routes:
                  - { name: p, match: { prefix: /api/ }, route: { cluster: c, prefix_rewrite: / } }
                  - { name: ci, match: { prefix: /UP/, case_sensitive: false }, route: { cluster: c, prefix_rewrite: /low/ } }
                  - name: re
                    match: { prefix: /re/ }
                    route: { cluster: c, regex_rewrite: { pattern: { regex: "o" }, substitution: "0" } }
                """, "");
        VirtualHostEntry v = t.virtualHost("h");
        assertEquals("/users?x=1", v.route(new Req("GET", "/api/users?x=1")).rewritePath("/api/users?x=1"));
        assertEquals("/low/a", v.route(new Req("GET", "/up/a")).rewritePath("/up/a"));
        assertEquals("/re/f00?o=o", v.route(new Req("GET", "/re/foo?o=o")).rewritePath("/re/foo?o=o"),
                "regex rewrites apply to the path only");
    }

    @Test
    void invalidRegexIsACompileError() {
        RouteCompileException e = assertThrows(RouteCompileException.class, () -> table("""
                - name: v
                  domains: ["*"]
                  routes: [ { match: { safe_regex: { regex: "a(" } }, direct_response: { status: 200 } } ]
                """, ""));
        assertTrue(e.getMessage().contains("invalid regex 'a('"), e.getMessage());
    }
}
