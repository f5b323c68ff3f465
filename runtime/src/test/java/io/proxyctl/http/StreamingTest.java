package io.proxyctl.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Message framing through the proxy: lengths, chunking, trailers, 100-continue, HTTP/1.0, keep-alive, pipelining. */
@ExtendWith(LeakCheckExtension.class)
class StreamingTest {
    private static ProxyFixture proxy(String hcmExtra, TestUpstream up) {
        return ProxyFixture.start(Configs.bootstrap(hcmExtra, Configs.catchAll("web"), Configs.staticCluster("web", up.port())));
    }

    private static TestUpstream echo() {
        return TestUpstream.start("echo").handler(ex -> {
            DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(ex.request.body()));
            r.headers().set("content-length", ex.request.body().length);
            ex.request.trailers().forEach((k, v) -> r.headers().set("x-got-trailer-" + k, v));
            r.headers().set("x-got-te", String.valueOf(ex.request.header("transfer-encoding")));
            ex.respond(r);
        });
    }

    @Test
    void contentLengthBodiesBothWays() throws Exception {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        try (TestUpstream up = echo(); ProxyFixture px = proxy("", up); RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: " + data.length + "\r\n\r\n").send(data);
            RawHttp.Response r = c.read();
            assertEquals(200, r.status());
            assertArrayEquals(data, r.bodyBytes());
            assertEquals(String.valueOf(data.length), r.header("content-length"));
        }
    }

    @Test
    void chunkedRequestWithTrailersIsStreamedChunked() throws Exception {
        try (TestUpstream up = echo(); ProxyFixture px = proxy("", up); RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n"
                    + "0\r\nx-checksum: abc\r\n\r\n");
            RawHttp.Response r = c.read();
            assertEquals("hello world", r.body());
            assertEquals("chunked", r.header("x-got-te"));
            assertEquals("abc", r.header("x-got-trailer-x-checksum"));
        }
    }

    @Test
    void chunkedResponseWithTrailersAndCloseDelimitedBody() throws Exception {
        try (TestUpstream up = TestUpstream.start("raw")) {
            up.handler(ex -> {
                if (ex.request.uri().equals("/chunked")) {
                    ex.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: grpc-status\r\n\r\n"
                            + "3\r\nabc\r\n4\r\ndefg\r\n0\r\ngrpc-status: 0\r\n\r\n", false);
                } else {
                    ex.raw("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil-close", true);
                }
            });
            try (ProxyFixture px = proxy("", up); RawHttp c = RawHttp.connect(px.port("ingress"))) {
                RawHttp.Response r = c.get("/chunked");
                assertEquals("chunked", r.header("transfer-encoding"));
                assertEquals("abcdefg", r.body());
                assertEquals("0", r.trailer("grpc-status"));
                // A close-delimited upstream body reaches an HTTP/1.1 client chunked, on a kept-alive connection.
                r = c.get("/close");
                assertEquals("until-close", r.body());
                assertEquals("chunked", r.header("transfer-encoding"));
                assertNull(r.header("connection"));
                assertEquals(200, c.get("/chunked").status());
            }
        }
    }

    @Test
    void expectContinueAnsweredByTheProxy() throws Exception {
        try (TestUpstream up = echo(); ProxyFixture px = proxy("", up); RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            RawHttp.Response cont = c.read();
            assertEquals(100, cont.status());
            c.send("body");
            RawHttp.Response r = c.read();
            assertEquals(200, r.status());
            assertEquals("body", r.body());
            assertNull(up.take().header("expect"), "Envoy strips Expect when it answers 100 itself");
        }
    }

    @Test
    void expectContinueProxiedWithProxy100Continue() throws Exception {
        try (TestUpstream up = TestUpstream.start("raw")) {
            // The upstream answers the head with 100 (HttpObjectAggregator does this) before reading the body.
            up.handler(ex -> ex.respond(200, "got " + ex.request.bodyString() + " expect=" + ex.request.header("expect")));
            try (ProxyFixture px = proxy("proxy_100_continue: true", up); RawHttp c = RawHttp.connect(px.port("ingress"))) {
                c.send("POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
                assertEquals(100, c.read().status());
                c.send("hi");
                RawHttp.Response r = c.read();
                assertEquals("got hi expect=100-continue", r.body());
            }
        }
    }

    @Test
    void http10IsRejectedByDefaultWith426() throws Exception {
        try (TestUpstream up = echo(); ProxyFixture px = proxy("", up); RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("GET / HTTP/1.0\r\n\r\n");
            RawHttp.Response r = c.read();
            assertEquals(426, r.status());
            assertTrue(c.closedByPeer(2000));
        }
    }

    @Test
    void http10WhenAccepted() throws Exception {
        String h1 = "http_protocol_options: { accept_http_10: true, default_host_for_http_10: default.example }";
        try (TestUpstream up = TestUpstream.start("u").handler(ex -> ex.respond(200, "host=" + ex.request.header("host")));
             ProxyFixture px = proxy(h1, up)) {
            try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                c.send("GET / HTTP/1.0\r\n\r\n");
                RawHttp.Response r = c.read();
                assertEquals("HTTP/1.0", r.version());
                assertEquals("host=default.example", r.body());
                assertEquals("close", r.header("connection"));
                assertTrue(c.closedByPeer(2000));
            }
            try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                c.send("GET / HTTP/1.0\r\nHost: h\r\nConnection: keep-alive\r\n\r\n");
                RawHttp.Response r = c.read();
                assertEquals("keep-alive", r.header("connection"));
                assertEquals("host=h", r.body());
                c.send("GET / HTTP/1.0\r\nHost: h2\r\nConnection: keep-alive\r\n\r\n");
                assertEquals("host=h2", c.read().body());
            }
            // A chunked upstream body cannot be chunked to an HTTP/1.0 client: it is sent close-delimited.
            up.handler(ex -> ex.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", false));
            try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                c.send("GET / HTTP/1.0\r\nHost: h\r\nConnection: keep-alive\r\n\r\n");
                RawHttp.Response r = c.read();
                assertNull(r.header("transfer-encoding"));
                assertEquals("close", r.header("connection"));
                assertEquals("abc", r.body());
            }
        }
    }

    @Test
    void connectionCloseAndKeepAlive() throws Exception {
        try (TestUpstream up = echo(); ProxyFixture px = proxy("", up); RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals(200, c.get("/1").status());
            assertEquals(200, c.get("/2").status());
            assertFalse(c.closedByPeer(200));
            RawHttp.Response r = c.get("/3", "Connection: close");
            assertEquals("close", r.header("connection"));
            assertTrue(c.closedByPeer(2000));
            assertEquals(1, up.connectionCount(), "one pooled upstream connection served all three");
        }
    }

    @Test
    void maxRequestsPerConnection() throws Exception {
        try (TestUpstream up = echo();
             ProxyFixture px = proxy("common_http_protocol_options: { max_requests_per_connection: 2 }", up);
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertNull(c.get("/1").header("connection"));
            assertEquals("close", c.get("/2").header("connection"));
            assertTrue(c.closedByPeer(2000));
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (TestUpstream up = TestUpstream.start("u")) {
            // Earlier requests answer later, so an out-of-order proxy would show it.
            up.handler(ex -> {
                int n = Integer.parseInt(ex.request.uri().substring(1));
                ex.later(50L * (5 - n), () -> ex.respond(200, "r" + n));
            });
            try (ProxyFixture px = proxy("", up); RawHttp c = RawHttp.connect(px.port("ingress"))) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 5; i++) {
                    sb.append("GET /").append(i).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
                }
                sb.append("POST /5 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nxyz");
                c.send(sb.toString());
                for (int i = 0; i < 5; i++) {
                    assertEquals("r" + i, c.read().body());
                }
                assertEquals("r5", c.read().body());
                for (int i = 0; i < 100 && px.stat("http.ingress_http.downstream_rq_2xx") < 6; i++) {
                    Thread.sleep(10);
                }
                assertEquals(6, px.stat("http.ingress_http.downstream_rq_2xx"));
            }
        }
    }

    @Test
    void headRequestsHaveNoBody() throws Exception {
        try (TestUpstream up = TestUpstream.start("u").handler(ex -> ex.raw(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", false));
             ProxyFixture px = proxy("", up); RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttp.Response r = c.read(true);
            assertEquals("5", r.header("content-length"));
            c.send("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(200, c.read(true).status());
        }
    }

    @Test
    void slowReaderDoesNotMakeTheProxyBufferTheWholeResponse() throws Exception {
        int size = 64 << 20;
        byte[] chunk = new byte[1 << 16];
        try (TestUpstream up = TestUpstream.start("big").handler(ex -> {
            DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(new byte[size]));
            r.headers().set("content-length", size);
            ex.respond(r);
        }); ProxyFixture px = proxy("", up); RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.socket().setReceiveBufferSize(64 * 1024);
            c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            Thread.sleep(700); // do not read: the proxy must stop reading from the upstream
            long direct = io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory()
                    + io.netty.util.internal.PlatformDependent.usedDirectMemory();
            assertTrue(direct < 3L * size, "direct memory " + direct);
            InputStream in = c.socket().getInputStream();
            long total = 0;
            int n;
            byte[] head = new byte[1];
            // skip the response head
            StringBuilder h = new StringBuilder();
            while (!h.toString().endsWith("\r\n\r\n") && in.read(head) == 1) {
                h.append((char) head[0]);
            }
            while (total < size && (n = in.read(chunk)) > 0) {
                total += n;
            }
            assertEquals(size, total);
            assertTrue(h.toString().toLowerCase().contains("content-length: " + size), h.toString());
        }
    }

    @Test
    void bodyBytesAreCountedInTheAccessLog() throws Exception {
        String log = """
                access_log:
                - name: envoy.access_loggers.stdout
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
                    log_format: { text_format_source: { inline_string: "%BYTES_RECEIVED% %BYTES_SENT% %PROTOCOL%\\n" } }
                """;
        try (TestUpstream up = echo(); ProxyFixture px = proxy(log, up); RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\n1234567");
            assertEquals("1234567", c.read().body());
            for (int i = 0; i < 100 && px.stdoutText().isEmpty(); i++) {
                Thread.sleep(10);
            }
            assertEquals("7 7 HTTP/1.1\n", px.stdoutText());
        }
    }
}
