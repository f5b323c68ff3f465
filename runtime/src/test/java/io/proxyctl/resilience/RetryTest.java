package io.proxyctl.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retry policies observed on the upstream side: which failures are retried, how often, where, and with what body. */
@ExtendWith(LeakCheckExtension.class)
class RetryTest {
    private static String route(String retryPolicy) {
        return """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/" }
                    route:
                      cluster: web
                """ + (retryPolicy.isEmpty() ? "" : "      retry_policy: " + retryPolicy + "\n");
    }

    private static ProxyFixture proxy(String retryPolicy, int... ports) {
        return ProxyFixture.start(Configs.bootstrap("", route(retryPolicy), Configs.staticCluster("web", ports)));
    }

    /** Answers {@code failures} times with {@code failure} (a status, or -1 to close without answering), then 200. */
    private static TestUpstream.Handler failFirst(int failures, int failure) {
        AtomicInteger n = new AtomicInteger();
        return ex -> {
            if (n.getAndIncrement() < failures) {
                if (failure < 0) {
                    ex.close();
                } else {
                    ex.respond(failure, "failed");
                }
            } else {
                ex.respond(200, "ok:" + ex.request.bodyString());
            }
        };
    }

    @Test
    void fiveXxIsRetriedOnAnotherHost() throws Exception {
        try (TestUpstream bad = TestUpstream.start("bad").handler(ex -> ex.respond(503, "bad"));
             TestUpstream good = TestUpstream.start("good");
             ProxyFixture px = proxy("{ retry_on: 5xx, num_retries: 2 }", bad.port(), good.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            for (int i = 0; i < 10; i++) {
                RawHttp.Response r = c.get("/");
                assertEquals(200, r.status());
                assertEquals("good", r.body());
            }
            assertEquals(10, good.requestCount());
            assertTrue(bad.requestCount() >= 1 && bad.requestCount() <= 10, "bad saw " + bad.requestCount());
            // Every failed attempt was retried once, on the other host: never twice on the bad one.
            assertEquals(bad.requestCount(), px.stat("cluster.web.upstream_rq_retry"));
            assertEquals(bad.requestCount(), px.stat("cluster.web.upstream_rq_retry_success"));
            assertEquals(10 + bad.requestCount(), px.stat("cluster.web.upstream_rq_total"));
        }
    }

    @Test
    void retriesAreLimitedAndTheLastResponseIsForwarded() throws Exception {
        try (TestUpstream bad = TestUpstream.start("bad").handler(ex -> ex.respond(503, "still bad"));
             ProxyFixture px = proxy("{ retry_on: gateway-error, num_retries: 2, retry_back_off: { base_interval: 0.01s } }",
                     bad.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/");
            assertEquals(503, r.status());
            assertEquals("still bad", r.body());
            assertEquals(3, bad.requestCount());
            assertEquals(2, px.stat("cluster.web.upstream_rq_retry"));
            assertEquals(1, px.stat("cluster.web.upstream_rq_retry_limit_exceeded"));
            assertEquals(0, px.stat("cluster.web.upstream_rq_retry_success"));
            assertEquals(503, c.get("/").status()); // the connection stays usable
            assertEquals(6, bad.requestCount());
        }
    }

    @Test
    void statusCodesOutsideTheConditionsAreNotRetried() throws Exception {
        try (TestUpstream up = TestUpstream.start("up").handler(failFirst(1, 500));
             ProxyFixture px = proxy("{ retry_on: gateway-error }", up.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals(500, c.get("/").status());
            assertEquals(1, up.requestCount());
            assertEquals(0, px.stat("cluster.web.upstream_rq_retry"));
        }
    }

    @Test
    void retriable4xxAndRetriableStatusCodes() throws Exception {
        try (TestUpstream up = TestUpstream.start("up").handler(failFirst(1, 409));
             ProxyFixture px = proxy("{ retry_on: retriable-4xx }", up.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals(200, c.get("/").status());
            assertEquals(2, up.requestCount());
        }
        try (TestUpstream up = TestUpstream.start("up").handler(failFirst(2, 418));
             ProxyFixture px = proxy("{ retry_on: retriable-status-codes, retriable_status_codes: [418], num_retries: 3 }",
                     up.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals(200, c.get("/").status());
            assertEquals(3, up.requestCount());
            assertEquals(2, px.stat("cluster.web.upstream_rq_retry"));
        }
    }

    @Test
    void connectFailureIsRetriedOnALiveHost() throws Exception {
        try (io.proxyctl.testing.RefusingPort dead = new io.proxyctl.testing.RefusingPort();
             TestUpstream good = TestUpstream.start("good");
             ProxyFixture px = proxy("{ retry_on: connect-failure, num_retries: 1 }", dead.port(), good.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            for (int i = 0; i < 6; i++) {
                assertEquals(200, c.get("/").status());
            }
            assertEquals(6, good.requestCount());
            assertTrue(px.stat("cluster.web.upstream_cx_connect_fail") >= 1);
            assertEquals(px.stat("cluster.web.upstream_cx_connect_fail"), px.stat("cluster.web.upstream_rq_retry"));
        }
    }

    @Test
    void resetBeforeResponseIsRetriedOnlyWithAPolicy() throws Exception {
        try (TestUpstream up = TestUpstream.start("up").handler(failFirst(1, -1));
             ProxyFixture px = proxy("{ retry_on: reset }", up.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals(200, c.get("/").status());
            assertEquals(2, up.requestCount());
            assertEquals(1, px.stat("cluster.web.upstream_rq_retry"));
        }
        try (TestUpstream up = TestUpstream.start("up").handler(failFirst(1, -1));
             ProxyFixture px = proxy("", up.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals(503, c.get("/").status());
            assertEquals(1, up.requestCount());
        }
    }

    @Test
    void perTryTimeoutRetriesAStalledAttempt() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (TestUpstream up = TestUpstream.start("up").handler(ex -> {
            if (n.getAndIncrement() == 0) {
                ex.later(3000, () -> ex.respond(200, "too late"));
            } else {
                ex.respond(200, "in time");
            }
        });
             ProxyFixture px = proxy("{ retry_on: 5xx, per_try_timeout: 0.2s }", up.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            long t0 = System.nanoTime();
            RawHttp.Response r = c.get("/");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, r.status());
            assertEquals("in time", r.body());
            assertTrue(ms >= 180 && ms < 2500, "took " + ms);
            assertEquals(1, px.stat("cluster.web.upstream_rq_per_try_timeout"));
            assertEquals(1, px.stat("cluster.web.upstream_rq_retry"));
        }
    }

    @Test
    void perTryTimeoutWithoutRetriesLeftIs504() throws Exception {
        try (TestUpstream up = TestUpstream.start("up").handler(ex -> ex.later(3000, () -> ex.respond(200, "late")));
             ProxyFixture px = proxy("{ retry_on: reset, num_retries: 0, per_try_timeout: 0.2s }", up.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/");
            assertEquals(504, r.status());
            assertEquals("upstream request timeout", r.body());
            assertEquals(1, up.requestCount());
        }
    }

    @Test
    void requestHeadersAskForRetriesWithoutARoutePolicy() throws Exception {
        try (TestUpstream bad = TestUpstream.start("bad").handler(ex -> ex.respond(502, "bad"));
             ProxyFixture px = proxy("", bad.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals(502, c.get("/", "x-envoy-retry-on: 5xx", "x-envoy-max-retries: 3").status());
            assertEquals(4, bad.requestCount());
            assertEquals(502, c.get("/", "x-envoy-retry-on: 5xx").status());
            assertEquals(6, bad.requestCount()); // default of one retry
            assertEquals(502, c.get("/", "x-envoy-max-retries: 3").status());
            assertEquals(7, bad.requestCount()); // a count alone asks for nothing
        }
    }

    @Test
    void aBufferedBodyIsReplayedAndAnOversizedOneIsNot() throws Exception {
        try (TestUpstream up = TestUpstream.start("up").handler(failFirst(1, 503));
             ProxyFixture px = proxy("{ retry_on: 5xx }", up.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            RawHttp.Response r = c.read();
            assertEquals(200, r.status());
            assertEquals("ok:hello world", r.body());
            List<TestUpstream.Request> seen = up.drain();
            assertEquals(2, seen.size());
            assertEquals("hello world", seen.get(0).bodyString());
            assertEquals("hello world", seen.get(1).bodyString());
        }
        try (TestUpstream up = TestUpstream.start("up").handler(ex -> ex.respond(503, "no"));
             ProxyFixture px = proxy("{ retry_on: 5xx }", up.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            byte[] big = new byte[1536 * 1024];
            java.util.Arrays.fill(big, (byte) 'x');
            c.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + big.length + "\r\n\r\n");
            c.send(big);
            assertEquals(503, c.read().status());
            assertEquals(1, up.requestCount());
            assertEquals(0, px.stat("cluster.web.upstream_rq_retry"));
        }
    }

    @Test
    void theMaxRetriesBreakerCapsRetries() throws Exception {
        String cluster = Configs.staticCluster("web", 0).replace("port_value: 0", "port_value: %d")
                + "  circuit_breakers: { thresholds: [ { max_retries: 0 } ] }\n";
        try (TestUpstream bad = TestUpstream.start("bad").handler(ex -> ex.respond(503, "bad"));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", route("{ retry_on: 5xx, num_retries: 3 }"),
                     cluster.formatted(bad.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals(503, c.get("/").status());
            assertEquals(1, bad.requestCount());
            assertEquals(1, px.stat("cluster.web.upstream_rq_retry_overflow"));
            assertEquals(1, px.stat("cluster.web.circuit_breakers.default.rq_retry_open"));
        }
    }

    @Test
    void aVirtualHostPolicyAppliesToRoutesWithoutTheirOwn() throws Exception {
        String vh = """
                - name: all
                  domains: ["*"]
                  retry_policy: { retry_on: 5xx, num_retries: 2 }
                  routes:
                  - match: { prefix: "/own" }
                    route: { cluster: web, retry_policy: { retry_on: retriable-4xx } }
                  - match: { prefix: "/" }
                    route: { cluster: web }
                """;
        try (TestUpstream bad = TestUpstream.start("bad").handler(ex -> ex.respond(503, "bad"));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vh, Configs.staticCluster("web", bad.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals(503, c.get("/inherited").status());
            assertEquals(3, bad.requestCount());
            assertEquals(503, c.get("/own").status()); // the route's policy replaces the virtual host's
            assertEquals(4, bad.requestCount());
        }
    }

    @Test
    void retriableHeadersMatchTheResponse() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (TestUpstream up = TestUpstream.start("up").handler(ex -> {
            if (n.getAndIncrement() == 0) {
                ex.respond(200, "try elsewhere", "x-upstream-retry", "please");
            } else {
                ex.respond(200, "fine");
            }
        });
             ProxyFixture px = proxy("{ retry_on: retriable-headers, retriable_headers: [ { name: x-upstream-retry, "
                     + "string_match: { exact: please } } ] }", up.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/");
            assertEquals("fine", r.body());
            assertEquals(2, up.requestCount());
            assertEquals(1, px.stat("cluster.web.upstream_rq_retry_success"));
        }
    }
}
