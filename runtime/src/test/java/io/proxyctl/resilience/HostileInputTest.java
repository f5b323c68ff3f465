package io.proxyctl.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed, oversized, smuggling and slow requests are answered (400/431/408) or closed the way Envoy does,
 * never reach the upstream, and a well-behaved client on another connection is served throughout.
 */
@ExtendWith(LeakCheckExtension.class)
class HostileInputTest {
    private static final String OK = "GET /ok HTTP/1.1\r\nHost: a\r\n\r\n";

    /** Sends {@code raw} on a fresh connection; expects {@code status}, connection: close, and the peer closing. */
    private static void rejected(int port, String raw, int status) throws Exception {
        try (RawHttp c = RawHttp.connect(port)) {
            c.send(raw);
            RawHttp.Response r = c.read();
            assertEquals(status, r.status(), raw);
            assertEquals("close", r.header("connection"), raw);
            assertTrue(c.closedByPeer(2000), "connection left open after: " + raw);
        }
    }

    private static String headers(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("x-h").append(i).append(": v\r\n");
        }
        return sb.toString();
    }

    @Test
    void malformedAndSmugglingRequestsAreRejectedWhileANormalClientIsServed() throws Exception {
        try (TestUpstream up = TestUpstream.start("web");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())))) {
            int port = px.port("ingress");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger served = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            Thread normal = new Thread(() -> {
                try (RawHttp c = RawHttp.connect(port)) {
                    while (!stop.get()) {
                        RawHttp.Response r = c.get("/normal");
                        if (r.status() != 200 || !"web".equals(r.body())) {
                            synchronized (failures) {
                                failures.add(r.status() + " " + r.body());
                            }
                        }
                        served.incrementAndGet();
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e.toString());
                    }
                }
            });
            normal.start();
            try {
                // Request smuggling: both framings, or two different lengths. The "smuggled" request must not run.
                rejected(port, "POST /cl-te HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n", 400);
                rejected(port, "POST /te-cl HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n"
                        + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n", 400);
                rejected(port, "POST /cl-cl HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 38\r\n\r\n"
                        + "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n", 400);
                rejected(port, "POST /cl-list HTTP/1.1\r\nHost: a\r\nContent-Length: 0, 38\r\n\r\n"
                        + "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n", 400);
                rejected(port, "POST /bad-cl HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400);
                rejected(port, "POST /bad-chunk HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400);
                // Bad request lines.
                rejected(port, "GARBAGE\r\n\r\n", 400);
                rejected(port, "GET / FOO/1.1\r\nHost: a\r\n\r\n", 400);
                rejected(port, "GET noslash HTTP/1.1\r\nHost: a\r\n\r\n", 400);
                // Invalid header characters.
                rejected(port, "GET / HTTP/1.1\r\nHost: a\r\nbad header: x\r\n\r\n", 400);
                rejected(port, "GET / HTTP/1.1\r\nHost: a\r\nx-ctl: a\u0001b\r\n\r\n", 400);
                rejected(port, "GET / HTTP/1.1\r\nHost: a\r\nx(y): z\r\n\r\n", 400);
                // Oversized headers (default max_request_headers_kb 60) and too many headers (default 100).
                rejected(port, "GET / HTTP/1.1\r\nHost: a\r\nx-big: " + "a".repeat(61 * 1024) + "\r\n\r\n", 431);
                rejected(port, "GET / HTTP/1.1\r\nHost: a\r\n" + headers(100) + "\r\n", 431);
                // 99 extra headers + Host is exactly the limit: served.
                try (RawHttp c = RawHttp.connect(port)) {
                    c.send("GET /at-limit HTTP/1.1\r\nHost: a\r\n" + headers(99) + "\r\n");
                    assertEquals(200, c.read().status());
                }
            } finally {
                stop.set(true);
                normal.join(10_000);
            }
            assertTrue(failures.isEmpty(), failures.toString());
            assertTrue(served.get() > 0);
            for (TestUpstream.Request r : up.drain()) {
                assertTrue(r.uri().equals("/normal") || r.uri().equals("/at-limit"), "reached the upstream: " + r.uri());
            }
            assertTrue(px.stat("http.ingress_http.downstream_cx_protocol_error") >= 14);
        }
    }

    @Test
    void maxHeadersCountIsConfigurable() throws Exception {
        try (TestUpstream up = TestUpstream.start("web");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("common_http_protocol_options: { max_headers_count: 5 }",
                     Configs.catchAll("web"), Configs.staticCluster("web", up.port())))) {
            int port = px.port("ingress");
            rejected(port, "GET / HTTP/1.1\r\nHost: a\r\n" + headers(5) + "\r\n", 431);
            try (RawHttp c = RawHttp.connect(port)) {
                c.send("GET / HTTP/1.1\r\nHost: a\r\n" + headers(4) + "\r\n");
                assertEquals(200, c.read().status());
            }
        }
    }

    @Test
    void requestHeadersTimeoutAnswers408AndCloses() throws Exception {
        try (TestUpstream up = TestUpstream.start("web");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("request_headers_timeout: 0.3s",
                     Configs.catchAll("web"), Configs.staticCluster("web", up.port())));
             RawHttp slow = RawHttp.connect(px.port("ingress"));
             RawHttp normal = RawHttp.connect(px.port("ingress"))) {
            long t0 = System.nanoTime();
            // Slowloris: a header line every 100 ms keeps the connection busy but never completes the head.
            slow.send("GET / HTTP/1.1\r\nHost: a\r\n");
            for (int i = 0; i < 10 && !slow.socket().isClosed(); i++) {
                try {
                    slow.send("x-drip-" + i + ": 1\r\n");
                } catch (java.io.IOException e) {
                    break;
                }
                Thread.sleep(100);
                assertEquals(200, normal.get("/").status());
            }
            RawHttp.Response r = slow.read();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(408, r.status());
            assertEquals("close", r.header("connection"));
            assertTrue(ms >= 250 && ms < 3000, "took " + ms);
            assertTrue(slow.closedByPeer(2000));
            assertEquals(1, px.stat("http.ingress_http.downstream_rq_header_timeout"));
            assertEquals(200, normal.get("/").status());
            // An idle keep-alive connection between requests is not subject to the header timeout.
            Thread.sleep(500);
            assertEquals(200, normal.get("/").status());
        }
    }

    @Test
    void slowBodyHitsTheStreamIdleTimeout() throws Exception {
        try (TestUpstream up = TestUpstream.start("web");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("stream_idle_timeout: 0.3s",
                     Configs.catchAll("web"), Configs.staticCluster("web", up.port())));
             RawHttp slow = RawHttp.connect(px.port("ingress"))) {
            slow.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc");
            RawHttp.Response r = slow.read();
            assertEquals(408, r.status());
            assertTrue(slow.closedByPeer(2000));
            assertEquals(1, px.stat("http.ingress_http.downstream_rq_idle_timeout"));
        }
    }

    @Test
    void maxRequestsPerConnectionClosesAfterTheLastAllowedRequest() throws Exception {
        try (TestUpstream up = TestUpstream.start("web");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(
                     "common_http_protocol_options: { max_requests_per_connection: 2 }",
                     Configs.catchAll("web"), Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response first = c.get("/");
            assertEquals(200, first.status());
            assertEquals(null, first.header("connection"));
            RawHttp.Response second = c.get("/");
            assertEquals(200, second.status());
            assertEquals("close", second.header("connection"));
            assertTrue(c.closedByPeer(2000));
        }
    }

    @Test
    void anUpstreamResponseWithTooManyHeadersIsAProtocolError() throws Exception {
        String cluster = Configs.staticCluster("web", 0).replace("port_value: 0", "port_value: %d")
                + "  common_http_protocol_options: { max_headers_count: 5 }\n";
        try (TestUpstream up = TestUpstream.start("web").handler(ex -> ex.respond(200, "x",
                "a", "1", "b", "2", "c", "3", "d", "4", "e", "5"));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     cluster.formatted(up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/");
            assertEquals(503, r.status());
            assertEquals("upstream connect error or disconnect/reset before headers. reset reason: protocol error",
                    r.body());
        }
    }
}
