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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Circuit breakers per routing priority (a {@code priority: HIGH} route is held to the HIGH thresholds and its
 * own connection pools) and the retry budget that replaces {@code max_retries}.
 */
@ExtendWith(LeakCheckExtension.class)
class PriorityCircuitBreakerTest {
    private static final String CB = "cluster.web.circuit_breakers.";

    private static String cluster(String thresholds, int port) {
        return """
                - name: web
                  type: STATIC
                  connect_timeout: 1s
                  circuit_breakers: { thresholds: [ %s ] }
                  load_assignment:
                    cluster_name: web
                    endpoints:
                    - lb_endpoints:
                      - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                """.formatted(thresholds, port);
    }

    private static final String ROUTES = """
            - name: all
              domains: ["*"]
              routes:
              - match: { prefix: "/hi" }
                route: { cluster: web, priority: HIGH }
              - match: { prefix: "/" }
                route: { cluster: web, retry_policy: { retry_on: 5xx, num_retries: 1 } }
            """;

    private static void await(BooleanSupplier c, String what) throws InterruptedException {
        for (int i = 0; i < 500 && !c.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(c.getAsBoolean(), what);
    }

    /** Holds every request until {@link #releaseAll()} answers those held so far. */
    private static final class Stall implements TestUpstream.Handler {
        final List<TestUpstream.Exchange> held = new CopyOnWriteArrayList<>();

        @Override
        public void handle(TestUpstream.Exchange ex) {
            held.add(ex);
        }

        private int released;

        /** Answers every request held so far (each once). */
        synchronized void releaseAll() {
            for (; released < held.size(); released++) {
                TestUpstream.Exchange ex = held.get(released);
                ex.later(0, () -> ex.respond(200, "ok"));
            }
        }
    }

    @Test
    void highPriorityRoutesUseTheHighThresholdsAndTheirOwnPools() throws Exception {
        Stall stall = new Stall();
        try (TestUpstream up = TestUpstream.start("stall").handler(stall);
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", ROUTES, cluster(
                     "{ priority: DEFAULT, max_requests: 1 }, { priority: HIGH, max_requests: 3, max_connections: 3, "
                             + "track_remaining: true }", up.port())), 1, Transport.best())) {
            int port = px.port("ingress");
            List<RawHttp> clients = new ArrayList<>();
            try {
                RawHttp d = RawHttp.connect(port);
                clients.add(d);
                d.send("GET /d HTTP/1.1\r\nHost: a\r\n\r\n");
                await(() -> stall.held.size() == 1, "the default request reaches the upstream");
                assertEquals(1, px.stat(CB + "default.rq_open"));
                try (RawHttp over = RawHttp.connect(port)) {
                    RawHttp.Response r = over.get("/d2");
                    assertEquals(503, r.status(), "default priority is at max_requests 1");
                }
                for (int i = 0; i < 3; i++) {
                    RawHttp h = RawHttp.connect(port);
                    clients.add(h);
                    h.send("GET /hi/" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
                }
                await(() -> stall.held.size() == 4, "three high-priority requests pass the default limit");
                assertEquals(1, px.stat(CB + "high.rq_open"));
                assertEquals(0, px.stat(CB + "high.remaining_rq"));
                assertEquals(1, px.stat(CB + "high.cx_open"), "the high pool holds its own three connections");
                assertEquals(0, px.stat(CB + "default.cx_open"));
                assertEquals(4, up.connectionCount());
                try (RawHttp over = RawHttp.connect(port)) {
                    assertEquals(503, over.get("/hi/over").status(), "high priority is at max_requests 3");
                }
                assertEquals(2, px.stat("cluster.web.upstream_rq_pending_overflow"));
                stall.releaseAll();
                for (RawHttp c : clients) {
                    assertEquals(200, c.read().status());
                }
                await(() -> px.stat(CB + "high.rq_open") == 0 && px.stat(CB + "high.remaining_rq") == 3,
                        "high gauges close");
            } finally {
                for (RawHttp c : clients) {
                    c.close();
                }
            }
            try (RawHttp admin = RawHttp.connect(px.server.adminAddress().getPort())) {
                String clusters = admin.get("/clusters").body();
                assertTrue(clusters.contains("web::default_priority::max_requests::1\n"), clusters);
                assertTrue(clusters.contains("web::high_priority::max_requests::3\n"), clusters);
                assertTrue(clusters.contains("web::high_priority::max_connections::3\n"), clusters);
            }
        }
    }

    @Test
    void perHostMaxConnectionsQueuesRequestsBehindTheHostsConnections() throws Exception {
        Stall stall = new Stall();
        String cluster = cluster("{ max_connections: 100 }", 0).replace("port_value: 0", "port_value: %d")
                .replace("] }\n", "], per_host_thresholds: [ { max_connections: 2 } ] }\n");
        try (TestUpstream up = TestUpstream.start("stall").handler(stall);
             // One worker: like Envoy, a worker whose pool has no connection always opens one, whatever the limits.
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", ROUTES, cluster.formatted(up.port())), 1,
                     Transport.best())) {
            int port = px.port("ingress");
            List<RawHttp> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    RawHttp c = RawHttp.connect(port);
                    clients.add(c);
                    c.send("GET /" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
                }
                await(() -> stall.held.size() == 2 && px.stat("cluster.web.upstream_rq_pending_active") == 2,
                        "two requests on the host's two connections, two pending");
                assertTrue(px.stat("cluster.web.upstream_cx_overflow") >= 2);
                assertEquals(2, up.connectionCount());
                stall.releaseAll();
                await(() -> stall.held.size() == 4, "the pending requests reuse the two connections");
                stall.releaseAll();
                for (RawHttp c : clients) {
                    assertEquals(200, c.read().status());
                }
                assertEquals(2, up.connectionCount(), "never more than two connections to the host");
            } finally {
                for (RawHttp c : clients) {
                    c.close();
                }
            }
        }
    }

    /**
     * First attempts (told apart by {@code x-id}) are held until {@code firsts} arrived and then all answered 503
     * together; retries are answered 200 after {@code retryDelayMillis}.
     */
    private static final class FailFirstTogether implements TestUpstream.Handler {
        final int firsts;
        final Map<String, Boolean> seen = new ConcurrentHashMap<>();
        final List<TestUpstream.Exchange> held = Collections.synchronizedList(new ArrayList<>());
        final List<String> retried = new CopyOnWriteArrayList<>();

        FailFirstTogether(int firsts) {
            this.firsts = firsts;
        }

        @Override
        public void handle(TestUpstream.Exchange ex) {
            String id = ex.request.header("x-id");
            if (seen.putIfAbsent(id, true) != null) {
                retried.add(id);
                ex.later(500, () -> ex.respond(200, "retried"));
                return;
            }
            held.add(ex);
            if (held.size() == firsts) {
                for (TestUpstream.Exchange h : held) {
                    h.respond(503, "first");
                }
            }
        }
    }

    private static List<Integer> parallel(int port, int n) throws InterruptedException {
        List<Integer> codes = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "r" + i;
            Thread t = new Thread(() -> {
                try (RawHttp c = RawHttp.connect(port)) {
                    codes.add(c.get("/", "x-id: " + id).status());
                } catch (Exception e) {
                    codes.add(-1);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        return codes;
    }

    @Test
    void retryBudgetReplacesMaxRetries() throws Exception {
        FailFirstTogether up = new FailFirstTogether(3);
        // max_retries 0 would forbid every retry; the budget allows max(20% of 3 active, 2) = 2 at once.
        try (TestUpstream u = TestUpstream.start("u").handler(up);
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", ROUTES, cluster(
                     "{ max_retries: 0, retry_budget: { budget_percent: { value: 20 }, min_retry_concurrency: 2 } }",
                     u.port())), 1, Transport.best())) {
            List<Integer> codes = parallel(px.port("ingress"), 3);
            Collections.sort(codes);
            assertEquals(List.of(200, 200, 503), codes);
            assertEquals(2, up.retried.size());
            assertEquals(2, px.stat("cluster.web.upstream_rq_retry"));
            assertEquals(1, px.stat("cluster.web.upstream_rq_retry_overflow"));
            try (RawHttp admin = RawHttp.connect(px.server.adminAddress().getPort())) {
                String clusters = admin.get("/clusters").body();
                // Idle, the budget's limit is min_retry_concurrency, which /clusters reports as Envoy does.
                assertTrue(clusters.contains("web::default_priority::max_retries::2\n"), clusters);
            }
        }
    }

    @Test
    void withoutABudgetMaxRetriesApplies() throws Exception {
        FailFirstTogether up = new FailFirstTogether(3);
        try (TestUpstream u = TestUpstream.start("u").handler(up);
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", ROUTES, cluster("{ max_retries: 0 }",
                     u.port())), 1, Transport.best())) {
            List<Integer> codes = parallel(px.port("ingress"), 3);
            assertEquals(List.of(503, 503, 503), codes);
            assertEquals(0, up.retried.size());
            assertEquals(3, px.stat("cluster.web.upstream_rq_retry_overflow"));
        }
    }
}
