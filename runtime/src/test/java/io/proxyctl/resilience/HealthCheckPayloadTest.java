package io.proxyctl.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.bind.BindException;
import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TcpTestServer;
import io.proxyctl.testing.TestUpstream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TCP health checks with send/receive payloads (hex text, matched in order in the response) and the HTTP
 * check's method, header removal, retriable statuses and Envoy's interval family (unhealthy, edge intervals).
 */
@ExtendWith(LeakCheckExtension.class)
class HealthCheckPayloadTest {
    private static final String HEALTHY = "cluster.web.health_check.healthy";

    private static String cluster(String healthCheck, int... ports) {
        return Configs.staticCluster("web", ports) + "  health_checks:\n  - " + healthCheck + "\n";
    }

    private static ProxyFixture proxy(String healthCheck, int... ports) {
        return ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"), cluster(healthCheck, ports)));
    }

    private static void await(BooleanSupplier c, long millis, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!c.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(5);
        }
        assertTrue(c.getAsBoolean(), what);
    }

    private static String tcpCheck(String payloads) {
        return "{ timeout: 0.3s, interval: 0.05s, no_traffic_interval: 0.05s, unhealthy_threshold: 1, "
                + "healthy_threshold: 1, tcp_health_check: { " + payloads + " } }";
    }

    @Test
    void tcpCheckSendsHexAndFindsTheReceivePayloadsInOrder() throws Exception {
        // "PING\r\n" echoed back: "P" then "NG" appear in that order.
        try (TcpTestServer a = TcpTestServer.echo(); TcpTestServer b = TcpTestServer.echo();
             ProxyFixture px = proxy(tcpCheck("send: { text: 50494e470d0a }, receive: [ { text: \"50\" }, "
                     + "{ text: \"4e47\" } ]"), a.port(), b.port())) {
            await(() -> px.stat(HEALTHY) == 2, 3000, "both echo hosts pass");
            assertEquals(0, px.stat("cluster.web.health_check.failure"));
            try (RawHttp admin = RawHttp.connect(px.server.adminAddress().getPort())) {
                String stats = admin.get("/stats").body();
                for (String s : new String[] {"attempt", "success", "failure", "network_failure", "passive_failure",
                    "verify_cluster", "healthy", "degraded"}) {
                    assertTrue(stats.contains("cluster.web.health_check." + s + ": "), s + " in\n" + stats);
                }
            }
        }
        try (TcpTestServer a = TcpTestServer.echo();
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     Configs.staticCluster("web", a.port())));
             RawHttp admin = RawHttp.connect(px.server.adminAddress().getPort())) {
            String stats = admin.get("/stats").body();
            assertTrue(!stats.contains("health_check."), "no health_check stats without health checks:\n" + stats);
        }
    }

    @Test
    void tcpCheckFailsWhenThePayloadsComeOutOfOrderOrNotAtAll() throws Exception {
        try (TcpTestServer a = TcpTestServer.echo();
             ProxyFixture px = proxy(tcpCheck("send: { text: \"50494e47\" }, receive: [ { text: \"4e47\" }, { text: \"50\" } ]"),
                     a.port());
             TcpTestServer b = TcpTestServer.echo();
             ProxyFixture py = proxy(tcpCheck("send: { text: \"50494e47\" }, receive: [ { text: 504f4e47 } ]"), b.port())) {
            await(() -> px.stat("cluster.web.health_check.failure") >= 2
                    && py.stat("cluster.web.health_check.failure") >= 2, 3000, "checks time out");
            assertEquals(0, px.stat(HEALTHY));
            assertEquals(0, py.stat(HEALTHY));
            assertEquals(0, px.stat("cluster.web.health_check.success"));
        }
    }

    @Test
    void tcpCheckWithOnlyAReceivePayloadReadsAGreeting() throws Exception {
        // "+OK ready" from a server that speaks first; base64 binary works as well as hex text.
        try (TcpTestServer greeter = TcpTestServer.greeting("+OK ready\r\n");
             ProxyFixture px = proxy(tcpCheck("receive: [ { binary: \"K09L\" }, { text: 7265616479 } ]"),
                     greeter.port())) {
            await(() -> px.stat(HEALTHY) == 1, 3000, "the greeting matches");
        }
    }

    @Test
    void tcpCheckFollowsAKilledAndRestartedUpstream() throws Exception {
        TestUpstream flaky = TestUpstream.start("flaky");
        int port = flaky.port();
        // A raw "GET / HTTP/1.1" to an HTTP server; the check looks for "HTTP/1.1" and then "200".
        try (ProxyFixture px = proxy(tcpCheck("send: { text: 474554202f20485454502f312e310d0a486f73743a20780d0a0d0a }, "
                + "receive: [ { text: 485454502f312e31 }, { text: \"323030\" } ]"), port)) {
            await(() -> px.stat(HEALTHY) == 1, 3000, "passes");
            flaky.close();
            await(() -> px.stat(HEALTHY) == 0, 3000, "killed host fails");
            flaky = TestUpstream.startOn("flaky", port);
            await(() -> px.stat(HEALTHY) == 1, 3000, "restarted host passes again");
        } finally {
            flaky.close();
        }
    }

    @Test
    void altPortAndEndpointHealthCheckPortCheckAnotherPortOfTheHost() throws Exception {
        // The endpoint port is dead; alt_port points the check at a live health server on the same address.
        Checked health = new Checked();
        try (java.net.Socket holder = new java.net.Socket();
             TestUpstream hs = TestUpstream.start("health").handler(health)) {
            holder.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            try (ProxyFixture px = proxy("{ timeout: 0.5s, interval: 0.05s, no_traffic_interval: 0.05s, "
                    + "unhealthy_threshold: 1, healthy_threshold: 1, alt_port: " + hs.port()
                    + ", http_health_check: { path: /healthz } }", holder.getLocalPort())) {
                await(() -> px.stat(HEALTHY) == 1, 3000, "checked on alt_port");
                assertTrue(health.checks.size() >= 1);
            }
            String endpointPort = cluster("{ timeout: 0.5s, interval: 0.05s, no_traffic_interval: 0.05s, "
                    + "unhealthy_threshold: 1, healthy_threshold: 1, http_health_check: { path: /healthz } }",
                    holder.getLocalPort()).replace("port_value: " + holder.getLocalPort() + " } } }",
                    "port_value: " + holder.getLocalPort() + " } }, health_check_config: { port_value: " + hs.port()
                            + " } }");
            try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"), endpointPort))) {
                await(() -> px.stat(HEALTHY) == 1, 3000, "checked on the endpoint's health_check_config port");
            }
        }
    }

    @Test
    void badHexIsAConfigError() {
        BindException e = assertThrows(BindException.class, () -> ProxyFixture.bind(Configs.bootstrap("",
                Configs.catchAll("web"), cluster(tcpCheck("send: { text: 5G }"), 1))));
        assertTrue(e.getMessage().contains("invalid hex string '5G'"), e.getMessage());
    }

    /** Answers {@code /healthz} with {@code status}; records the checks. */
    private static final class Checked implements TestUpstream.Handler {
        final AtomicInteger status = new AtomicInteger(200);
        final List<TestUpstream.Request> checks = new CopyOnWriteArrayList<>();

        @Override
        public void handle(TestUpstream.Exchange ex) {
            if (ex.request.uri().equals("/healthz")) {
                checks.add(ex.request);
                ex.respond(status.get(), "");
            } else {
                ex.respond(200, "served");
            }
        }
    }

    @Test
    void httpCheckMethodHeaderRemovalAndRetriableStatuses() throws Exception {
        Checked a = new Checked();
        Checked b = new Checked();
        String hc = "{ timeout: 0.5s, interval: 0.05s, no_traffic_interval: 0.05s, unhealthy_interval: 1s, "
                + "unhealthy_edge_interval: 0.05s, unhealthy_threshold: 3, healthy_threshold: 1, "
                + "http_health_check: { path: /healthz, method: HEAD, request_headers_to_remove: [ user-agent ], "
                + "retriable_statuses: [ { start: 503, end: 504 } ] } }";
        try (TestUpstream ua = TestUpstream.start("a").handler(a);
             TestUpstream ub = TestUpstream.start("b").handler(b);
             ProxyFixture px = proxy(hc, ua.port(), ub.port())) {
            await(() -> px.stat(HEALTHY) == 2, 3000, "both pass");
            try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                assertEquals(200, c.get("/").status()); // traffic: the unhealthy intervals apply from now on
            }
            assertEquals("HEAD", a.checks.get(0).method());
            assertNull(a.checks.get(0).header("user-agent"));

            int before = a.checks.size();
            a.status.set(503);
            await(() -> px.stat(HEALTHY) == 1, 3000, "a retriable failure takes the threshold");
            assertTrue(a.checks.size() - before >= 3, "three 503 checks: " + (a.checks.size() - before));

            a.status.set(200);
            await(() -> px.stat(HEALTHY) == 2, 3000, "back");
            before = a.checks.size();
            a.status.set(500);
            await(() -> px.stat(HEALTHY) == 1, 3000, "a non-retriable failure counts at once");
            Thread.sleep(300); // the next check waits for unhealthy_interval (1 s)
            assertEquals(1, a.checks.size() - before, "one 500 was enough");
        }
    }

    @Test
    void edgeIntervalsBringAHostBackFastWhileTheHealthyIntervalIsSlow() throws Exception {
        Checked a = new Checked();
        Checked b = new Checked();
        String hc = "{ timeout: 0.5s, interval: 2s, no_traffic_interval: 0.05s, unhealthy_interval: 0.05s, "
                + "healthy_edge_interval: 0.05s, unhealthy_threshold: 1, healthy_threshold: 3, "
                + "http_health_check: { path: /healthz } }";
        try (TestUpstream ua = TestUpstream.start("a").handler(a);
             TestUpstream ub = TestUpstream.start("b").handler(b);
             ProxyFixture px = proxy(hc, ua.port(), ub.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            await(() -> px.stat(HEALTHY) == 2, 3000, "both pass");
            assertEquals(200, c.get("/").status()); // traffic: from now on the traffic intervals apply
            Thread.sleep(100);
            a.status.set(500);
            await(() -> px.stat(HEALTHY) == 1, 5000, "a fails at its next (slow) check");
            a.status.set(200);
            long start = System.nanoTime();
            await(() -> px.stat(HEALTHY) == 2, 3000, "a returns after three passes at the edge interval");
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(took < 1000, "three checks at unhealthy/edge intervals, not at 2 s: " + took + " ms");
            int after = a.checks.size();
            Thread.sleep(700);
            assertTrue(a.checks.size() - after <= 1, "healthy again: back to the 2 s interval");
        }
    }

    @Test
    void checksReuseTheirConnectionUnlessToldNotTo() throws Exception {
        Checked a = new Checked();
        Checked b = new Checked();
        String reuse = "{ timeout: 0.5s, interval: 0.03s, no_traffic_interval: 0.03s, unhealthy_threshold: 1, "
                + "healthy_threshold: 1, http_health_check: { path: /healthz } }";
        try (TestUpstream ua = TestUpstream.start("a").handler(a);
             TestUpstream ub = TestUpstream.start("b").handler(b);
             ProxyFixture px = proxy(reuse, ua.port());
             ProxyFixture py = proxy(reuse.replace("http_health_check", "reuse_connection: false, http_health_check"),
                     ub.port())) {
            await(() -> a.checks.size() >= 6 && b.checks.size() >= 6, 3000, "six checks each");
            assertEquals(1, ua.connectionCount(), "one kept connection for every check");
            assertTrue(ub.connectionCount() >= 6, "a connection per check: " + ub.connectionCount());
            assertEquals(1, px.stat(HEALTHY));
            assertEquals(1, py.stat(HEALTHY));
        }
        try (TcpTestServer echo = TcpTestServer.echo();
             ProxyFixture px = proxy(tcpCheck("send: { text: \"50494e47\" }, receive: [ { text: \"50494e47\" } ]")
                     .replace("interval: 0.05s", "interval: 0.03s"), echo.port())) {
            await(() -> px.stat("cluster.web.health_check.success") >= 6, 3000, "six passing payload checks");
            assertEquals(1, echo.accepted.get(), "the payload check kept its connection");
        }
    }
}
