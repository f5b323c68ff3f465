package io.proxyctl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Request and response headers as Envoy's connection manager and router set them. */
@ExtendWith(LeakCheckExtension.class)
class HeadersTest {
    private static ProxyFixture proxy(String hcmExtra, TestUpstream up) {
        return ProxyFixture.start(Configs.bootstrap(hcmExtra, Configs.catchAll("web"), Configs.staticCluster("web", up.port())));
    }

    @Test
    void defaultsWithoutUseRemoteAddress() throws Exception {
        try (TestUpstream up = TestUpstream.start("a"); ProxyFixture px = proxy("", up);
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/p", "x-forwarded-for: 1.2.3.4", "Connection: keep-alive", "Keep-Alive: 5",
                    "Proxy-Connection: keep-alive", "TE: gzip");
            assertEquals(200, r.status());
            TestUpstream.Request q = up.take();
            assertEquals("1.2.3.4", q.header("x-forwarded-for"), "not appended without use_remote_address");
            assertEquals("http", q.header("x-forwarded-proto"));
            assertTrue(q.header("x-request-id").matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
                    q.header("x-request-id"));
            assertEquals("15000", q.header("x-envoy-expected-rq-timeout-ms"));
            assertNull(q.header("connection"));
            assertNull(q.header("keep-alive"));
            assertNull(q.header("proxy-connection"));
            assertNull(q.header("te"));
            assertNull(q.header("x-envoy-internal"));
            assertEquals("test", q.header("host"));
            // response side
            assertEquals("envoy", r.header("server"));
            assertNotNull(r.header("x-envoy-upstream-service-time"));
            assertNull(r.header("x-request-id"));
        }
    }

    @Test
    void existingRequestIdIsKept() throws Exception {
        try (TestUpstream up = TestUpstream.start("a"); ProxyFixture px = proxy("", up);
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.get("/", "x-request-id: my-id");
            assertEquals("my-id", up.take().header("x-request-id"));
        }
    }

    @Test
    void useRemoteAddressAppendsToXffAndMarksInternal() throws Exception {
        try (TestUpstream up = TestUpstream.start("a");
             ProxyFixture px = proxy("use_remote_address: true\nalways_set_request_id_in_response: true", up);
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/", "x-forwarded-for: 203.0.113.9", "x-forwarded-proto: https",
                    "x-request-id: keep-me");
            TestUpstream.Request q = up.take();
            assertEquals("203.0.113.9,127.0.0.1", q.header("x-forwarded-for"));
            assertEquals("http", q.header("x-forwarded-proto"), "overwritten at the edge");
            assertEquals("true", q.header("x-envoy-internal"), "loopback client is internal");
            assertEquals("keep-me", q.header("x-request-id"), "internal requests keep their id");
            assertEquals("keep-me", r.header("x-request-id"));
        }
    }

    @Test
    void trustedHopsPickTheClientFromXffAndSkipAppend() throws Exception {
        String log = """
                use_remote_address: true
                xff_num_trusted_hops: 1
                skip_xff_append: true
                access_log:
                - name: envoy.access_loggers.stdout
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
                    log_format: { text_format_source: { inline_string: "%DOWNSTREAM_REMOTE_ADDRESS%|%DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT%\\n" } }
                """;
        try (TestUpstream up = TestUpstream.start("a"); ProxyFixture px = proxy(log, up);
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.get("/", "x-forwarded-for: 198.51.100.7, 10.0.0.1", "x-request-id: external-id");
            TestUpstream.Request q = up.take();
            assertEquals("198.51.100.7, 10.0.0.1", q.header("x-forwarded-for"), "skip_xff_append");
            assertEquals("true", q.header("x-envoy-internal"), "the trusted client 10.0.0.1 is internal");
            for (int i = 0; i < 100 && px.stdoutText().isEmpty(); i++) {
                Thread.sleep(10);
            }
            assertEquals("10.0.0.1|127.0.0.1\n", px.stdoutText());
        }
    }

    @Test
    void externalClientGetsAFreshRequestId() throws Exception {
        try (TestUpstream up = TestUpstream.start("a");
             ProxyFixture px = proxy("use_remote_address: true\nxff_num_trusted_hops: 1", up);
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.get("/", "x-forwarded-for: 198.51.100.7", "x-request-id: from-outside");
            TestUpstream.Request q = up.take();
            assertNotEquals("from-outside", q.header("x-request-id"));
            assertEquals("198.51.100.7", q.header("x-envoy-external-address"));
            assertNull(q.header("x-envoy-internal"));
        }
    }

    @Test
    void preserveExternalRequestId() throws Exception {
        try (TestUpstream up = TestUpstream.start("a");
             ProxyFixture px = proxy("use_remote_address: true\nxff_num_trusted_hops: 1\npreserve_external_request_id: true", up);
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.get("/", "x-forwarded-for: 198.51.100.7", "x-request-id: from-outside");
            assertEquals("from-outside", up.take().header("x-request-id"));
        }
    }

    @Test
    void generateRequestIdFalse() throws Exception {
        try (TestUpstream up = TestUpstream.start("a"); ProxyFixture px = proxy("generate_request_id: false", up);
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.get("/");
            assertNull(up.take().header("x-request-id"));
        }
    }

    @Test
    void serverHeaderTransformations() throws Exception {
        TestUpstream.Handler withServer = ex -> ex.respond(200, "x", "server", "origin/1.0");
        try (TestUpstream up = TestUpstream.start("a").handler(withServer)) {
            try (ProxyFixture px = proxy("server_name: edge", up); RawHttp c = RawHttp.connect(px.port("ingress"))) {
                assertEquals("edge", c.get("/").header("server"));
            }
            try (ProxyFixture px = proxy("server_header_transformation: APPEND_IF_ABSENT", up);
                 RawHttp c = RawHttp.connect(px.port("ingress"))) {
                assertEquals("origin/1.0", c.get("/").header("server"));
            }
            try (ProxyFixture px = proxy("server_header_transformation: pass_through", up);
                 RawHttp c = RawHttp.connect(px.port("ingress"))) {
                assertEquals("origin/1.0", c.get("/").header("server"));
            }
            up.handler(ex -> ex.respond(200, "x"));
            try (ProxyFixture px = proxy("server_header_transformation: PASS_THROUGH", up);
                 RawHttp c = RawHttp.connect(px.port("ingress"))) {
                assertNull(c.get("/").header("server"));
            }
            try (ProxyFixture px = proxy("server_header_transformation: APPEND_IF_ABSENT", up);
                 RawHttp c = RawHttp.connect(px.port("ingress"))) {
                assertEquals("envoy", c.get("/").header("server"));
            }
        }
    }

    @Test
    void hopByHopResponseHeadersAreRemovedAndViaIsAppended() throws Exception {
        TestUpstream.Handler h = ex -> ex.respond(200, "x", "keep-alive", "timeout=5", "proxy-connection", "x",
                "x-custom", "kept", "connection", "x-custom-hop", "x-custom-hop", "gone");
        try (TestUpstream up = TestUpstream.start("a").handler(h); ProxyFixture px = proxy("via: proxyctl-test", up);
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/", "via: 1.1 client");
            assertNull(r.header("keep-alive"));
            assertNull(r.header("proxy-connection"));
            assertNull(r.header("x-custom-hop"), "nominated by Connection");
            assertEquals("kept", r.header("x-custom"));
            assertEquals("proxyctl-test", r.header("via"));
            assertEquals("1.1 client, proxyctl-test", up.take().header("via"));
        }
    }

    @Test
    void upstreamTimeoutOverrideHeader() throws Exception {
        try (TestUpstream up = TestUpstream.start("a"); ProxyFixture px = proxy("", up);
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.get("/", "x-envoy-upstream-rq-timeout-ms: 1234");
            TestUpstream.Request q = up.take();
            assertEquals("1234", q.header("x-envoy-expected-rq-timeout-ms"));
            assertNull(q.header("x-envoy-upstream-rq-timeout-ms"));
        }
    }

    @Test
    void absoluteFormTargetAndStripPorts() throws Exception {
        try (TestUpstream up = TestUpstream.start("a"); ProxyFixture px = proxy("strip_any_host_port: true", up);
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("GET http://example.com:8080/abs?q=1 HTTP/1.1\r\nHost: ignored\r\n\r\n");
            assertEquals(200, c.read().status());
            TestUpstream.Request q = up.take();
            assertEquals("/abs?q=1", q.uri());
            assertEquals("example.com", q.header("host"));
        }
    }
}
