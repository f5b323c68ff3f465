package io.proxyctl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Heads are validated once per message (HeaderCheck) rather than on every insert: invalid names and values are
 * still refused from both sides, and the proxy's own headers still reach the upstream.
 */
@ExtendWith(LeakCheckExtension.class)
class HeaderValidationTest {
    @Test
    void anUpstreamResponseWithAnInvalidHeaderIsAProtocolError() throws Exception {
        TestUpstream up = TestUpstream.start("web").handler(ex -> {
            switch (ex.request.uri()) {
                case "/bad-name" -> ex.raw("HTTP/1.1 200 OK\r\nx(y): z\r\nContent-Length: 2\r\n\r\nok", false);
                case "/bad-value" -> ex.raw("HTTP/1.1 200 OK\r\nx-v: a\u0001b\r\nContent-Length: 2\r\n\r\nok", false);
                default -> ex.respond(200, "fine");
            }
        });
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                Configs.staticCluster("web", up.port())))) {
            for (String path : new String[] {"/bad-name", "/bad-value"}) {
                try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                    RawHttp.Response r = c.get(path);
                    assertEquals(503, r.status(), path);
                    assertTrue(r.body().contains("protocol error"), r.body());
                }
            }
            try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                assertEquals("fine", c.get("/good").body());
            }
            TestUpstream.Request seen = up.drain().stream().filter(r -> r.uri().equals("/good")).findFirst().orElseThrow();
            assertEquals("http", seen.header("x-forwarded-proto"));
            assertEquals(36, seen.header("x-request-id").length());
        } finally {
            up.close();
        }
    }

    @Test
    void firstInvalidNamesTheProblem() {
        io.netty.handler.codec.http.HttpHeaders h = HeaderCheck.PARSED.newHeaders();
        h.add("ok", "fine");
        assertEquals(null, HeaderCheck.firstInvalid(h));
        h.add("x y", "v");
        assertEquals("invalid header name 'x y'", HeaderCheck.firstInvalid(h));
        h.remove("x y");
        h.add("x-nul", "a\u0000b");
        assertEquals("invalid value of header 'x-nul'", HeaderCheck.firstInvalid(h));
    }
}
