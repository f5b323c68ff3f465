package io.proxyctl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Route actions end to end: cluster selection, rewrites, redirects, direct responses, header mutations. */
@ExtendWith(LeakCheckExtension.class)
class RouteActionsTest {
    @TempDir
    Path tmp;

    @Test
    void clusterHeaderAndWeightedClusters() throws Exception {
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/by-header" }
                    route: { cluster_header: x-target }
                  - match: { prefix: "/weighted" }
                    route:
                      weighted_clusters:
                        clusters:
                        - name: a
                          weight: 3
                          request_headers_to_add: [ { header: { key: x-picked, value: a } } ]
                          response_headers_to_add: [ { header: { key: x-served-by, value: cluster-a } } ]
                        - name: b
                          weight: 1
                """;
        try (TestUpstream a = TestUpstream.start("a"); TestUpstream b = TestUpstream.start("b");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vh,
                     Configs.staticCluster("a", a.port()) + Configs.staticCluster("b", b.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals("b", c.get("/by-header", "x-target: b").body());
            assertEquals("a", c.get("/by-header", "x-target: a").body());
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 400; i++) {
                RawHttp.Response r = c.get("/weighted");
                counts.merge(r.body(), 1, Integer::sum);
                if (r.body().equals("a")) {
                    assertEquals("cluster-a", r.header("x-served-by"));
                } else {
                    assertNull(r.header("x-served-by"));
                }
            }
            int na = counts.getOrDefault("a", 0);
            assertTrue(na > 240 && na < 360, "weight 3:1 gave " + counts);
            a.take();
            assertEquals("a", a.take().header("x-picked"));
        }
    }

    @Test
    void pathAndHostRewrites() throws Exception {
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/api/" }
                    route: { cluster: web, prefix_rewrite: "/v2/", host_rewrite_literal: api.internal, append_x_forwarded_host: true }
                  - match: { path: "/exact" }
                    route: { cluster: web, prefix_rewrite: "/replaced" }
                  - match: { safe_regex: { regex: "/re/([a-z]+)/(\\\\d+)" } }
                    route:
                      cluster: web
                      regex_rewrite: { pattern: { regex: "^/re/([a-z]+)/(\\\\d+)$" }, substitution: "/\\\\2/\\\\1" }
                      host_rewrite_header: x-host
                  - match: { prefix: "/regexhost/" }
                    route:
                      cluster: web
                      host_rewrite_path_regex: { pattern: { regex: "^/regexhost/([^/]+)/.*$" }, substitution: "\\\\1.example" }
                """;
        try (TestUpstream up = TestUpstream.start("u");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vh, Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.get("/api/users?id=7");
            TestUpstream.Request q = up.take();
            assertEquals("/v2/users?id=7", q.uri());
            assertEquals("/api/users?id=7", q.header("x-envoy-original-path"));
            assertEquals("api.internal", q.header("host"));
            assertEquals("test", q.header("x-forwarded-host"));
            c.get("/exact?x=1");
            assertEquals("/replaced?x=1", up.take().uri());
            c.get("/re/abc/42?k", "x-host: from-header.example");
            q = up.take();
            assertEquals("/42/abc?k", q.uri());
            assertEquals("from-header.example", q.header("host"));
            c.get("/regexhost/tenant1/x");
            assertEquals("tenant1.example", up.take().header("host"));
        }
    }

    @Test
    void autoHostRewriteUsesTheDnsName() throws Exception {
        String cluster = """
                - name: web
                  type: STRICT_DNS
                  dns_lookup_family: V4_ONLY
                  load_assignment:
                    cluster_name: web
                    endpoints:
                    - lb_endpoints:
                      - endpoint: { address: { socket_address: { address: localhost, port_value: %d } } }
                """;
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/" }
                    route: { cluster: web, auto_host_rewrite: true }
                """;
        try (TestUpstream up = TestUpstream.start("u");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vh, cluster.formatted(up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals(200, c.get("/").status());
            assertEquals("localhost", up.take().header("host"));
        }
    }

    @Test
    void redirects() throws Exception {
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/https" }
                    redirect: { https_redirect: true }
                  - match: { prefix: "/host" }
                    redirect: { host_redirect: new.example, port_redirect: 8443, response_code: FOUND }
                  - match: { prefix: "/old/" }
                    redirect: { prefix_rewrite: "/new/", response_code: PERMANENT_REDIRECT, strip_query: true }
                  - match: { prefix: "/path" }
                    redirect: { path_redirect: "/fixed?a=b", scheme_redirect: ftp, response_code: SEE_OTHER }
                  - match: { prefix: "/re/" }
                    redirect:
                      regex_rewrite: { pattern: { regex: "^/re/(.*)$" }, substitution: "/moved/\\\\1" }
                      response_code: TEMPORARY_REDIRECT
                    response_headers_to_add: [ { header: { key: x-redirected, value: "yes" } } ]
                """;
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vh, Configs.staticCluster("web", 1)));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.send("GET /https/x?q=1 HTTP/1.1\r\nHost: site.example:80\r\n\r\n").read();
            assertEquals(301, r.status());
            assertEquals("https://site.example/https/x?q=1", r.header("location"));
            assertEquals("0", r.header("content-length"));
            r = c.send("GET /host/y HTTP/1.1\r\nHost: site.example:9000\r\n\r\n").read();
            assertEquals(302, r.status());
            assertEquals("http://new.example:8443/host/y", r.header("location"));
            r = c.send("GET /old/page?drop=1 HTTP/1.1\r\nHost: site.example\r\n\r\n").read();
            assertEquals(308, r.status());
            assertEquals("http://site.example/new/page", r.header("location"));
            r = c.send("GET /path/z HTTP/1.1\r\nHost: site.example\r\n\r\n").read();
            assertEquals(303, r.status());
            assertEquals("ftp://site.example/fixed?a=b", r.header("location"));
            r = c.send("GET /re/deep/x?k=v HTTP/1.1\r\nHost: site.example\r\n\r\n").read();
            assertEquals(307, r.status());
            assertEquals("http://site.example/moved/deep/x?k=v", r.header("location"));
            assertEquals("yes", r.header("x-redirected"));
            assertEquals(5, px.stat("http.ingress_http.rq_redirect"));
        }
    }

    @Test
    void directResponsesInlineAndFromFile() throws Exception {
        Path body = tmp.resolve("body.txt");
        Files.writeString(body, "from a file\n");
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { path: "/inline" }
                    direct_response: { status: 200, body: { inline_string: "hello there" } }
                  - match: { path: "/file" }
                    direct_response: { status: 418, body: { filename: "%s" } }
                  - match: { path: "/empty" }
                    direct_response: { status: 204 }
                """.formatted(body.toString().replace("\\", "/"));
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vh, Configs.staticCluster("web", 1)));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/inline");
            assertEquals(200, r.status());
            assertEquals("hello there", r.body());
            assertEquals("text/plain", r.header("content-type"));
            r = c.get("/file");
            assertEquals(418, r.status());
            assertEquals("from a file\n", r.body());
            r = c.get("/empty");
            assertEquals(204, r.status());
            assertEquals(3, px.stat("http.ingress_http.rq_direct_response"));
        }
    }

    @Test
    void headerMutationsAtThreeLevelsWithAppendActions() throws Exception {
        String hcm = """
                route_config:
                  name: local_route
                  request_headers_to_add:
                  - header: { key: x-level, value: global }
                    append_action: APPEND_IF_EXISTS_OR_ADD
                  - header: { key: x-overwrite, value: global }
                    append_action: OVERWRITE_IF_EXISTS_OR_ADD
                  response_headers_to_add:
                  - header: { key: x-resp, value: global }
                  response_headers_to_remove: [x-secret]
                  virtual_hosts:
                  - name: all
                    domains: ["*"]
                    request_headers_to_add:
                    - header: { key: x-level, value: vhost }
                    - header: { key: x-if-absent, value: vhost }
                      append_action: ADD_IF_ABSENT
                    request_headers_to_remove: [x-drop-me]
                    routes:
                    - match: { prefix: "/" }
                      route: { cluster: web }
                      request_headers_to_add:
                      - header: { key: x-level, value: route }
                      - header: { key: x-overwrite, value: route }
                      - header: { key: x-only-if-present, value: set }
                        append_action: OVERWRITE_IF_EXISTS
                      - header: { key: x-old-style, value: replaced }
                        append: false
                      - header: { key: x-client, value: "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%" }
                      - header: { key: x-empty, value: "" }
                      - header: { key: x-kept-empty, value: "" }
                        keep_empty_value: true
                      response_headers_to_add:
                      - header: { key: x-resp, value: route }
                """;
        String yaml = Configs.bootstrap("", "- {name: unused, domains: [unused.invalid], routes: []}",
                Configs.staticCluster("web", 1));
        try (TestUpstream up = TestUpstream.start("u").handler(ex -> ex.respond(200, "x", "x-secret", "s3cr3t"))) {
            yaml = yaml.replaceAll("(?s)          route_config:.*?          http_filters:", java.util.regex.Matcher.quoteReplacement(
                    Configs.indent(hcm, 10)) + "          http_filters:");
            yaml = yaml.replace("port_value: 1 ", "port_value: " + up.port() + " ");
            try (ProxyFixture px = ProxyFixture.start(yaml); RawHttp c = RawHttp.connect(px.port("ingress"))) {
                RawHttp.Response r = c.get("/", "x-level: client", "x-if-absent: client", "x-drop-me: 1",
                        "x-old-style: orig", "x-overwrite: client");
                TestUpstream.Request q = up.take();
                assertEquals(List.of("client", "route", "vhost", "global"), q.headers().get("x-level"));
                assertEquals("global", q.header("x-overwrite"), "least specific level applied last wins");
                assertEquals("client", q.header("x-if-absent"));
                assertNull(q.header("x-drop-me"));
                assertNull(q.header("x-only-if-present"));
                assertEquals("replaced", q.header("x-old-style"));
                assertEquals("127.0.0.1", q.header("x-client"));
                assertNull(q.header("x-empty"));
                assertEquals("", q.header("x-kept-empty"));
                assertEquals(List.of("route", "global"), r.headers("x-resp"));
                assertNull(r.header("x-secret"));
            }
        }
    }

    @Test
    void mostSpecificHeaderMutationsWins() throws Exception {
        String vh = """
                - name: all
                  domains: ["*"]
                  request_headers_to_add:
                  - header: { key: x-o, value: vhost }
                    append_action: OVERWRITE_IF_EXISTS_OR_ADD
                  routes:
                  - match: { prefix: "/" }
                    route: { cluster: web }
                    request_headers_to_add:
                    - header: { key: x-o, value: route }
                      append_action: OVERWRITE_IF_EXISTS_OR_ADD
                """;
        try (TestUpstream up = TestUpstream.start("u")) {
            String yaml = Configs.bootstrap("", vh, Configs.staticCluster("web", up.port()))
                    .replace("name: local_route", "name: local_route\n            most_specific_header_mutations_wins: true");
            try (ProxyFixture px = ProxyFixture.start(yaml); RawHttp c = RawHttp.connect(px.port("ingress"))) {
                c.get("/");
                assertEquals("route", up.take().header("x-o"));
            }
        }
    }
}
