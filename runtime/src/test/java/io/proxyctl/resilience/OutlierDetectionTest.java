package io.proxyctl.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import io.proxyctl.transport.Transport;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Consecutive-5xx outlier detection ejects a failing host for the ejection time and then returns it. */
@ExtendWith(LeakCheckExtension.class)
class OutlierDetectionTest {
    @Test
    void aHostAnsweringFiveXxIsEjectedAndReturns() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        String od = "  outlier_detection: { consecutive_5xx: 3, interval: 0.1s, base_ejection_time: 0.4s, max_ejection_percent: 50 }\n";
        try (TestUpstream bad = TestUpstream.start("bad").handler(ex -> ex.respond(failing.get() ? 500 : 200, "bad"));
             TestUpstream good = TestUpstream.start("good");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     Configs.staticCluster("web", bad.port(), good.port()) + od), 1, Transport.best());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            int fiveXx = 0;
            for (int i = 0; i < 6; i++) { // round robin: three to each host
                fiveXx += c.get("/").status() == 500 ? 1 : 0;
            }
            assertEquals(3, fiveXx);
            // The detector ejects on its own loop, after the third failure (as Envoy's main thread does).
            awaitStat(px, "cluster.web.outlier_detection.ejections_active", 1);
            assertEquals(3, bad.requestCount());
            assertEquals(1, px.stat("cluster.web.outlier_detection.ejections_enforced_consecutive_5xx"));
            assertEquals(1, px.stat("cluster.web.membership_healthy"));
            try (RawHttp admin = RawHttp.connect(px.server.adminAddress().getPort())) {
                String clusters = admin.get("/clusters").body();
                assertTrue(clusters.contains("web::127.0.0.1:" + bad.port() + "::health_flags::/failed_outlier_check"),
                        clusters);
            }
            for (int i = 0; i < 10; i++) {
                assertEquals("good", c.get("/").body());
            }
            failing.set(false);
            Thread.sleep(600);
            assertEquals(0, px.stat("cluster.web.outlier_detection.ejections_active"));
            boolean sawBad = false;
            for (int i = 0; i < 10; i++) {
                sawBad |= c.get("/").body().equals("bad");
            }
            assertTrue(sawBad, "the host returns after the ejection time");
        }
    }

    @Test
    void maxEjectionPercentKeepsTheLastHosts() throws Exception {
        String od = "  outlier_detection: { consecutive_5xx: 2, base_ejection_time: 10s, max_ejection_percent: 50 }\n";
        try (TestUpstream a = TestUpstream.start("a").handler(ex -> ex.respond(503, "a"));
             TestUpstream b = TestUpstream.start("b").handler(ex -> ex.respond(503, "b"));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     Configs.staticCluster("web", a.port(), b.port()) + od), 1, Transport.best());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            for (int i = 0; i < 12; i++) {
                assertEquals(503, c.get("/").status());
            }
            // Both hosts' detections reach the detector's loop; the second one finds the 50% cap reached.
            long end = System.currentTimeMillis() + 2000;
            while (px.stat("cluster.web.outlier_detection.ejections_overflow") == 0 && System.currentTimeMillis() < end) {
                Thread.sleep(5);
            }
            assertTrue(px.stat("cluster.web.outlier_detection.ejections_overflow") >= 1);
            assertEquals(1, px.stat("cluster.web.outlier_detection.ejections_active"));
        }
    }

    /** Waits up to 2 s for a stat the detector's loop sets after the requests that cause it. */
    private static void awaitStat(ProxyFixture px, String name, long want) throws InterruptedException {
        long end = System.currentTimeMillis() + 2000;
        while (px.stat(name) != want && System.currentTimeMillis() < end) {
            Thread.sleep(5);
        }
        assertEquals(want, px.stat(name), name);
    }
}
