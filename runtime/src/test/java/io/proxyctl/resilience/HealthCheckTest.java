package io.proxyctl.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Active health checks: hosts leave rotation after failing checks and rejoin after passing ones. */
@ExtendWith(LeakCheckExtension.class)
class HealthCheckTest {
    private static String cluster(String healthCheck, int... ports) {
        return Configs.staticCluster("web", ports) + "  health_checks:\n  - " + healthCheck + "\n";
    }

    private static void await(BooleanSupplier c, String what) throws InterruptedException {
        for (int i = 0; i < 500 && !c.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(c.getAsBoolean(), what);
    }

    /** Serves {@code /healthz} with 200 while {@code healthy}, else 503; other paths are counted and answered. */
    private static final class Service implements TestUpstream.Handler {
        final String name;
        final AtomicBoolean healthy = new AtomicBoolean(true);
        final AtomicInteger served = new AtomicInteger();
        final List<TestUpstream.Request> checks = new CopyOnWriteArrayList<>();

        Service(String name) {
            this.name = name;
        }

        @Override
        public void handle(TestUpstream.Exchange ex) {
            if (ex.request.uri().equals("/healthz")) {
                checks.add(ex.request);
                ex.respond(healthy.get() ? 200 : 503, "");
            } else {
                served.incrementAndGet();
                ex.respond(200, name);
            }
        }
    }

    @Test
    void httpChecksTakeAFailingHostOutOfRotationAndBringItBack() throws Exception {
        Service a = new Service("a");
        Service b = new Service("b");
        String hc = """
                { timeout: 0.5s, interval: 0.05s, no_traffic_interval: 0.05s, unhealthy_threshold: 2, healthy_threshold: 2,
                      http_health_check: { path: /healthz, host: hc.example,
                        request_headers_to_add: [ { header: { key: x-hc, value: "yes" } } ],
                        expected_statuses: [ { start: 200, end: 300 } ] } }""";
        try (TestUpstream ua = TestUpstream.start("a").handler(a);
             TestUpstream ub = TestUpstream.start("b").handler(b);
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     cluster(hc, ua.port(), ub.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            await(() -> px.stat("cluster.web.health_check.healthy") == 2, "both hosts pass their first check");
            TestUpstream.Request check = a.checks.get(0);
            assertEquals("hc.example", check.header("host"));
            assertEquals("yes", check.header("x-hc"));
            assertEquals("Envoy/HC", check.header("user-agent"));
            for (int i = 0; i < 10; i++) {
                assertEquals(200, c.get("/").status());
            }
            assertTrue(a.served.get() > 0 && b.served.get() > 0);

            a.healthy.set(false);
            await(() -> px.stat("cluster.web.health_check.healthy") == 1, "a leaves rotation");
            int aBefore = a.served.get();
            for (int i = 0; i < 20; i++) {
                RawHttp.Response r = c.get("/");
                assertEquals(200, r.status());
                assertEquals("b", r.body());
            }
            assertEquals(aBefore, a.served.get());
            assertEquals(1, px.stat("cluster.web.membership_healthy"));
            try (RawHttp admin = RawHttp.connect(px.server.adminAddress().getPort())) {
                String clusters = admin.get("/clusters").body();
                assertTrue(clusters.contains("web::127.0.0.1:" + ua.port() + "::health_flags::/failed_active_hc"), clusters);
                assertTrue(clusters.contains("web::127.0.0.1:" + ub.port() + "::health_flags::healthy"), clusters);
            }

            a.healthy.set(true);
            await(() -> px.stat("cluster.web.health_check.healthy") == 2, "a rejoins");
            for (int i = 0; i < 10; i++) {
                assertEquals(200, c.get("/").status());
            }
            assertTrue(a.served.get() > aBefore, "a serves again");
            // A 503 is not a retriable status here: as in Envoy it takes the host out at the first failure.
            assertTrue(px.stat("cluster.web.health_check.failure") >= 1);
            assertTrue(px.stat("cluster.web.health_check.success") >= 4);
            assertTrue(px.stat("cluster.web.health_check.attempt")
                    >= px.stat("cluster.web.health_check.success") + px.stat("cluster.web.health_check.failure"));
        }
    }

    @Test
    void tcpChecksFollowAnUpstreamKilledAndRestarted() throws Exception {
        String hc = "{ timeout: 0.3s, interval: 0.05s, no_traffic_interval: 0.05s, unhealthy_threshold: 1, "
                + "healthy_threshold: 1, tcp_health_check: {} }";
        TestUpstream flaky = TestUpstream.start("flaky");
        int flakyPort = flaky.port();
        try (TestUpstream steady = TestUpstream.start("steady");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     cluster(hc, flakyPort, steady.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            await(() -> px.stat("cluster.web.health_check.healthy") == 2, "both hosts pass");
            flaky.close();
            await(() -> px.stat("cluster.web.health_check.healthy") == 1, "killed host leaves rotation");
            assertTrue(px.stat("cluster.web.health_check.network_failure") >= 1);
            for (int i = 0; i < 10; i++) {
                RawHttp.Response r = c.get("/");
                assertEquals(200, r.status());
                assertEquals("steady", r.body());
            }
            flaky = TestUpstream.startOn("flaky", flakyPort);
            await(() -> px.stat("cluster.web.health_check.healthy") == 2, "restarted host rejoins");
            boolean sawFlaky = false;
            for (int i = 0; i < 10; i++) {
                sawFlaky |= c.get("/").body().equals("flaky");
            }
            assertTrue(sawFlaky, "the restarted host takes traffic again");
        } finally {
            flaky.close();
        }
    }

    @Test
    void noHostTakesTrafficBeforeItsFirstPassingCheckUnlessAllAreDown() throws Exception {
        // A host that never passes stays out of rotation while a healthy peer exists.
        Service a = new Service("a");
        a.healthy.set(false);
        Service b = new Service("b");
        String hc = "{ timeout: 0.5s, interval: 0.05s, no_traffic_interval: 0.05s, unhealthy_threshold: 1, "
                + "healthy_threshold: 1, http_health_check: { path: /healthz } }";
        try (TestUpstream ua = TestUpstream.start("a").handler(a);
             TestUpstream ub = TestUpstream.start("b").handler(b);
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     cluster(hc, ua.port(), ub.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            await(() -> px.stat("cluster.web.health_check.healthy") == 1 && a.checks.size() >= 2, "b healthy, a checked");
            for (int i = 0; i < 10; i++) {
                assertEquals("b", c.get("/").body());
            }
            assertEquals(0, a.served.get());
            assertEquals("web", a.checks.get(0).header("host")); // Envoy's default Host: the cluster name
        }
    }

    @Test
    void whenEveryHostFailsItsChecksThePanicThresholdRoutesToAllOfThem() throws Exception {
        Service a = new Service("a");
        a.healthy.set(false);
        String hc = "{ timeout: 0.5s, interval: 0.05s, no_traffic_interval: 0.05s, unhealthy_threshold: 1, "
                + "healthy_threshold: 1, http_health_check: { path: /healthz } }";
        try (TestUpstream ua = TestUpstream.start("a").handler(a);
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"), cluster(hc, ua.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            await(() -> a.checks.size() >= 2, "a checked twice");
            assertEquals(0, px.stat("cluster.web.health_check.healthy"));
            // 0% healthy is under the default 50% panic threshold: Envoy routes to all hosts rather than none.
            assertEquals("a", c.get("/").body());
            assertTrue(px.stat("cluster.web.lb_healthy_panic") >= 1);
        }
        String noPanic = Configs.staticCluster("web", 0).replace("port_value: 0", "port_value: %d")
                + "  common_lb_config: { healthy_panic_threshold: { value: 0 } }\n"
                + "  health_checks:\n  - " + hc + "\n";
        Service b = new Service("b");
        b.healthy.set(false);
        try (TestUpstream ub = TestUpstream.start("b").handler(b);
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     noPanic.formatted(ub.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            await(() -> b.checks.size() >= 2, "b checked twice");
            RawHttp.Response r = c.get("/");
            assertEquals(503, r.status());
            assertEquals("no healthy upstream", r.body());
            assertEquals(0, b.served.get());
        }
    }
}
