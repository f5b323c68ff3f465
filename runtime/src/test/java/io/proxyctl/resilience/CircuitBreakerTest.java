package io.proxyctl.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import io.proxyctl.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Circuit breakers under parallel load against a stalling upstream: connections and pending requests are capped,
 * overflow is answered 503 UO and counted, the open gauges follow the limits, and queued requests are served
 * once the upstream answers.
 */
@ExtendWith(LeakCheckExtension.class)
class CircuitBreakerTest {
    private static final String LOG = """
            access_log:
            - name: envoy.access_loggers.stdout
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
                log_format: { text_format_source: { inline_string: "%RESPONSE_CODE% %RESPONSE_FLAGS%\\n" } }
            """;

    private static String cluster(String thresholds, int port) {
        return """
                - name: web
                  type: STATIC
                  connect_timeout: 1s
                  circuit_breakers: { thresholds: [ { priority: DEFAULT, %s } ] }
                  load_assignment:
                    cluster_name: web
                    endpoints:
                    - lb_endpoints:
                      - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                """.formatted(thresholds, port);
    }

    private static void await(BooleanSupplier c, String what) throws InterruptedException {
        for (int i = 0; i < 500 && !c.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(c.getAsBoolean(), what);
    }

    /** Stalls every request until {@link #releaseAll()}. */
    private static final class Stall implements TestUpstream.Handler {
        final List<TestUpstream.Exchange> held = new CopyOnWriteArrayList<>();
        volatile boolean open;

        @Override
        public void handle(TestUpstream.Exchange ex) {
            if (open) {
                ex.respond(200, "ok");
            } else {
                held.add(ex);
            }
        }

        void releaseAll() {
            open = true;
            for (TestUpstream.Exchange ex : held) {
                ex.later(0, () -> ex.respond(200, "ok"));
            }
        }
    }

    @Test
    void connectionAndPendingLimitsOverflowWith503UO() throws Exception {
        Stall stall = new Stall();
        try (TestUpstream up = TestUpstream.start("stall").handler(stall);
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, Configs.catchAll("web"),
                     cluster("max_connections: 2, max_pending_requests: 2", up.port())), 1, Transport.best())) {
            int port = px.port("ingress");
            List<RawHttp> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    RawHttp c = RawHttp.connect(port);
                    clients.add(c);
                    c.send("GET /" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
                    if (i == 1) {
                        await(() -> stall.held.size() == 2, "two requests reach the upstream");
                    }
                }
                // 2 in flight on 2 connections, 2 pending behind max_connections, 2 over max_pending_requests.
                List<Integer> overflowed = new ArrayList<>();
                for (int i = 4; i < 6; i++) {
                    RawHttp.Response r = clients.get(i).read();
                    assertEquals(503, r.status());
                    assertEquals("upstream connect error or disconnect/reset before headers. reset reason: overflow",
                            r.body());
                    overflowed.add(r.status());
                }
                assertEquals(2, px.stat("cluster.web.upstream_rq_pending_overflow"));
                assertTrue(px.stat("cluster.web.upstream_cx_overflow") >= 2);
                assertEquals(1, px.stat("cluster.web.circuit_breakers.default.cx_open"));
                assertEquals(1, px.stat("cluster.web.circuit_breakers.default.rq_pending_open"));
                assertEquals(0, px.stat("cluster.web.circuit_breakers.default.rq_open"));
                assertEquals(2, up.connectionCount());

                stall.releaseAll();
                for (int i = 0; i < 4; i++) {
                    RawHttp.Response r = clients.get(i).read();
                    assertEquals(200, r.status(), "request " + i);
                }
                // The pending requests reused the two connections: the limit held throughout.
                assertEquals(2, up.connectionCount());
                assertEquals(4, up.requestCount());
                await(() -> px.stat("cluster.web.circuit_breakers.default.rq_pending_open") == 0, "pending gauge closes");
                await(() -> px.stdoutText().lines().count() == 6, "six access log lines");
                assertEquals(2, px.stdoutText().lines().filter(l -> l.equals("503 UO")).count(), px.stdoutText());
                assertEquals(4, px.stdoutText().lines().filter(l -> l.equals("200 -")).count(), px.stdoutText());
            } finally {
                for (RawHttp c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void maxRequestsOverflowUnderParallelLoadAndGaugesClose() throws Exception {
        Stall stall = new Stall();
        try (TestUpstream up = TestUpstream.start("stall").handler(stall);
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, Configs.catchAll("web"),
                     cluster("max_requests: 3", up.port())))) {
            int port = px.port("ingress");
            List<RawHttp> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawHttp c = RawHttp.connect(port);
                    clients.add(c);
                    c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                }
                await(() -> stall.held.size() == 3, "three requests reach the upstream");
                assertEquals(1, px.stat("cluster.web.circuit_breakers.default.rq_open"));
                // Parallel excess load: every extra request overflows while the three are stalled.
                List<Thread> threads = new ArrayList<>();
                List<Integer> codes = new CopyOnWriteArrayList<>();
                for (int t = 0; t < 8; t++) {
                    Thread th = new Thread(() -> {
                        try (RawHttp c = RawHttp.connect(port)) {
                            codes.add(c.get("/").status());
                        } catch (Exception e) {
                            codes.add(-1);
                        }
                    });
                    threads.add(th);
                    th.start();
                }
                for (Thread th : threads) {
                    th.join(10_000);
                }
                assertEquals(8, codes.size());
                assertTrue(codes.stream().allMatch(c -> c == 503), codes.toString());
                assertEquals(8, px.stat("cluster.web.upstream_rq_pending_overflow"));
                stall.releaseAll();
                for (RawHttp c : clients) {
                    assertEquals(200, c.read().status());
                }
                await(() -> px.stat("cluster.web.circuit_breakers.default.rq_open") == 0, "rq_open closes");
                // Below the limit again: served.
                try (RawHttp c = RawHttp.connect(port)) {
                    assertEquals(200, c.get("/").status());
                }
            } finally {
                for (RawHttp c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aPendingRequestWhoseClientLeavesFreesItsSlot() throws Exception {
        Stall stall = new Stall();
        try (TestUpstream up = TestUpstream.start("stall").handler(stall);
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(LOG, Configs.catchAll("web"),
                     cluster("max_connections: 1, max_pending_requests: 1", up.port())), 1, Transport.best());
             RawHttp first = RawHttp.connect(px.port("ingress"))) {
            int port = px.port("ingress");
            first.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            await(() -> stall.held.size() == 1, "first request reaches the upstream");
            try (RawHttp quitter = RawHttp.connect(port)) {
                quitter.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                await(() -> px.stat("cluster.web.circuit_breakers.default.rq_pending_open") == 1, "one pending");
            }
            await(() -> px.stat("cluster.web.circuit_breakers.default.rq_pending_open") == 0, "slot freed");
            try (RawHttp next = RawHttp.connect(port)) {
                next.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                await(() -> px.stat("cluster.web.circuit_breakers.default.rq_pending_open") == 1, "queued again");
                stall.releaseAll();
                assertEquals(200, first.read().status());
                assertEquals(200, next.read().status());
            }
            assertEquals(0, px.stat("cluster.web.upstream_rq_pending_overflow"));
            assertEquals(1, up.connectionCount());
        }
    }
}
