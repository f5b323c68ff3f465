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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outlier detection beyond consecutive 5xx, against real upstreams: gateway failures (502/503/504, refused
 * connects, resets) detected but only enforced on request, local-origin errors kept apart when split, the
 * success-rate and failure-percentage sweeps with their /clusters figures, the ejection back-off growing and
 * shrinking again, and a passing active health check returning an ejected host.
 */
@ExtendWith(LeakCheckExtension.class)
class OutlierEjectionTypesTest {
    private static final String OD = "cluster.web.outlier_detection.";

    private static String cluster(String outlier, int... ports) {
        return Configs.staticCluster("web", ports) + "  outlier_detection: { " + outlier + " }\n";
    }

    private static ProxyFixture proxy(String outlier, int... ports) {
        return ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"), cluster(outlier, ports)), 1,
                Transport.best());
    }

    private static void await(BooleanSupplier c, long millis, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!c.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(5);
        }
        assertTrue(c.getAsBoolean(), what);
    }

    private static String clusters(ProxyFixture px) throws Exception {
        try (RawHttp admin = RawHttp.connect(px.server.adminAddress().getPort())) {
            return admin.get("/clusters").body();
        }
    }

    private static String line(String clusters, String key) {
        for (String l : clusters.split("\n")) {
            if (l.startsWith(key + "::")) {
                return l.substring(key.length() + 2);
            }
        }
        throw new AssertionError("no " + key + " in\n" + clusters);
    }


    @Test
    void gatewayFailuresAreDetectedButNotEnforcedByDefault() throws Exception {
        try (TestUpstream u = TestUpstream.start("u").handler(ex -> ex.respond(503, "down"));
             ProxyFixture px = proxy("consecutive_5xx: 1000, consecutive_gateway_failure: 3", u.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            // The detector resets a streak on its own loop after the detection (as Envoy's main thread does):
            // the next streak starts once that has run, so each streak waits for its detection.
            for (int streak = 1; streak <= 2; streak++) {
                for (int i = 0; i < 3; i++) {
                    assertEquals(503, c.get("/").status());
                }
                long want = streak;
                await(() -> px.stat(OD + "ejections_detected_consecutive_gateway_failure") == want, 2000,
                        "detection " + streak);
            }
            assertEquals(0, px.stat(OD + "ejections_enforced_consecutive_gateway_failure"));
            assertEquals(0, px.stat(OD + "ejections_enforced_total"));
            assertEquals(0, px.stat(OD + "ejections_active"));
            assertEquals("healthy", line(clusters(px), "web::127.0.0.1:" + u.port() + "::health_flags"));
        }
    }

    @Test
    void refusedConnectsResetsAnd503sEjectAsGatewayFailuresWhenEnforced() throws Exception {
        try (io.proxyctl.testing.RefusingPort reserved = new io.proxyctl.testing.RefusingPort();
             TestUpstream resetting = TestUpstream.start("reset").handler(TestUpstream.Exchange::reset);
             TestUpstream unavailable = TestUpstream.start("unavailable").handler(ex -> ex.respond(503, "x"));
             TestUpstream internal = TestUpstream.start("internal").handler(ex -> ex.respond(500, "x"));
             TestUpstream good = TestUpstream.start("good");
             TestUpstream good2 = TestUpstream.start("good2");
             ProxyFixture px = proxy("consecutive_5xx: 1000, consecutive_gateway_failure: 2, "
                     + "enforcing_consecutive_gateway_failure: 100, max_ejection_percent: 100, interval: 0.2s",
                     reserved.port(), resetting.port(), unavailable.port(), internal.port(), good.port(), good2.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            int dead = reserved.port();
            for (int i = 0; i < 18; i++) {
                c.get("/");
            }
            await(() -> px.stat(OD + "ejections_active") == 3, 2000, "three hosts ejected");
            assertEquals(3, px.stat(OD + "ejections_enforced_consecutive_gateway_failure"));
            assertEquals(0, px.stat(OD + "ejections_enforced_consecutive_5xx"));
            String cl = clusters(px);
            assertEquals("/failed_outlier_check", line(cl, "web::127.0.0.1:" + dead + "::health_flags"));
            assertEquals("/failed_outlier_check", line(cl, "web::127.0.0.1:" + resetting.port() + "::health_flags"));
            assertEquals("/failed_outlier_check", line(cl, "web::127.0.0.1:" + unavailable.port() + "::health_flags"));
            assertEquals("healthy", line(cl, "web::127.0.0.1:" + internal.port() + "::health_flags"),
                    "a 500 is a 5xx but not a gateway failure");
            int before = internal.requestCount();
            for (int i = 0; i < 12; i++) {
                int s = c.get("/").status();
                assertTrue(s == 200 || s == 500, "only the three hosts left in rotation answer: " + s);
            }
            assertEquals(4, internal.requestCount() - before);
        }
    }

    @Test
    void splitLocalOriginErrorsEjectByTheirOwnStreak() throws Exception {
        try (io.proxyctl.testing.RefusingPort reserved = new io.proxyctl.testing.RefusingPort();
             TestUpstream internal = TestUpstream.start("internal").handler(ex -> ex.respond(500, "x"));
             TestUpstream good = TestUpstream.start("good");
             ProxyFixture px = proxy("split_external_local_origin_errors: true, consecutive_local_origin_failure: 2, "
                     + "consecutive_5xx: 3, max_ejection_percent: 100, interval: 0.2s",
                     reserved.port(), internal.port(), good.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            for (int i = 0; i < 12; i++) {
                c.get("/");
            }
            await(() -> px.stat(OD + "ejections_active") == 2, 2000, "both failing hosts ejected");
            assertEquals(1, px.stat(OD + "ejections_enforced_consecutive_local_origin_failure"));
            assertEquals(1, px.stat(OD + "ejections_enforced_consecutive_5xx"), "refused connects are not 5xx here");
            assertEquals(0, px.stat(OD + "ejections_detected_consecutive_gateway_failure"));
        }
    }

    /** Five hosts; {@code bad} fails every other request with a 500. */
    private static List<TestUpstream> fiveHosts(TestUpstream.Handler bad) {
        List<TestUpstream> hosts = new ArrayList<>();
        hosts.add(TestUpstream.start("bad").handler(bad));
        for (int i = 0; i < 4; i++) {
            hosts.add(TestUpstream.start("good" + i));
        }
        return hosts;
    }

    private static int[] ports(List<TestUpstream> hosts) {
        return hosts.stream().mapToInt(TestUpstream::port).toArray();
    }

    private static void closeAll(List<TestUpstream> hosts) {
        hosts.forEach(TestUpstream::close);
    }

    private static TestUpstream.Handler failingEveryOther() {
        AtomicInteger n = new AtomicInteger();
        return ex -> ex.respond(n.incrementAndGet() % 2 == 0 ? 500 : 200, "bad");
    }

    @Test
    void successRateOutlierIsEjected() throws Exception {
        List<TestUpstream> hosts = fiveHosts(failingEveryOther());
        try (ProxyFixture px = proxy("interval: 0.3s, success_rate_request_volume: 10, max_ejection_percent: 20",
                ports(hosts));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            long end = System.currentTimeMillis() + 10_000;
            while (px.stat(OD + "ejections_enforced_success_rate") == 0 && System.currentTimeMillis() < end) {
                for (int i = 0; i < 25; i++) {
                    c.get("/");
                }
            }
            assertEquals(1, px.stat(OD + "ejections_enforced_success_rate"));
            assertEquals(1, px.stat(OD + "ejections_active"));
            assertEquals("/failed_outlier_check",
                    line(clusters(px), "web::127.0.0.1:" + hosts.get(0).port() + "::health_flags"));
            for (int i = 0; i < 20; i++) {
                assertEquals(200, c.get("/").status());
            }
        } finally {
            closeAll(hosts);
        }
    }

    @Test
    void successRateFiguresShowInClustersWhenNotEnforced() throws Exception {
        List<TestUpstream> hosts = fiveHosts(failingEveryOther());
        try (ProxyFixture px = proxy("interval: 0.3s, success_rate_request_volume: 10, enforcing_success_rate: 0",
                ports(hosts));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            String before = clusters(px);
            assertEquals("-1", line(before, "web::outlier::success_rate_average"));
            assertEquals("-1", line(before, "web::127.0.0.1:" + hosts.get(0).port() + "::success_rate"));
            long end = System.currentTimeMillis() + 10_000;
            String cl = before;
            while (System.currentTimeMillis() < end) {
                for (int i = 0; i < 25; i++) {
                    c.get("/");
                }
                cl = clusters(px);
                if (!line(cl, "web::outlier::success_rate_average").equals("-1")) {
                    break;
                }
            }
            double average = Double.parseDouble(line(cl, "web::outlier::success_rate_average"));
            double threshold = Double.parseDouble(line(cl, "web::outlier::success_rate_ejection_threshold"));
            double bad = Double.parseDouble(line(cl, "web::127.0.0.1:" + hosts.get(0).port() + "::success_rate"));
            assertTrue(average > 80 && average < 100, cl);
            assertTrue(bad > 30 && bad < 70, cl);
            assertTrue(bad < threshold, cl);
            assertEquals("100", line(cl, "web::127.0.0.1:" + hosts.get(1).port() + "::success_rate"));
            assertEquals("-1", line(cl, "web::outlier::local_origin_success_rate_average"));
            assertTrue(px.stat(OD + "ejections_detected_success_rate") >= 1);
            assertEquals(0, px.stat(OD + "ejections_enforced_total"));
            String json = "";
            for (int i = 0; i < 40 && !json.contains("success_rate_ejection_threshold"); i++) {
                for (int j = 0; j < 25; j++) {
                    c.get("/");
                }
                try (RawHttp admin = RawHttp.connect(px.server.adminAddress().getPort())) {
                    json = admin.get("/clusters?format=json").body();
                }
            }
            assertTrue(json.contains("\"success_rate_ejection_threshold\"") && json.contains("\"success_rate\""), json);
        } finally {
            closeAll(hosts);
        }
    }

    @Test
    void failurePercentageEjectsWhenEnforced() throws Exception {
        List<TestUpstream> hosts = fiveHosts(ex -> ex.respond(500, "bad"));
        try (ProxyFixture px = proxy("interval: 0.3s, enforcing_consecutive_5xx: 0, enforcing_success_rate: 0, "
                + "enforcing_failure_percentage: 100, failure_percentage_request_volume: 10, always_eject_one_host: true",
                ports(hosts));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            long end = System.currentTimeMillis() + 10_000;
            while (px.stat(OD + "ejections_enforced_failure_percentage") == 0 && System.currentTimeMillis() < end) {
                for (int i = 0; i < 25; i++) {
                    c.get("/");
                }
            }
            assertEquals(1, px.stat(OD + "ejections_enforced_failure_percentage"));
            assertTrue(px.stat(OD + "ejections_detected_consecutive_5xx") >= 1, "detected, not enforced");
            assertEquals(0, px.stat(OD + "ejections_enforced_consecutive_5xx"));
            assertEquals(1, px.stat(OD + "ejections_active"));
        } finally {
            closeAll(hosts);
        }
    }

    /** How long the next ejection of the only host lasts, in ms, after two failing requests start it. */
    private static long ejection(ProxyFixture px, RawHttp c) throws Exception {
        assertEquals(500, c.get("/").status());
        assertEquals(500, c.get("/").status());
        await(() -> px.stat(OD + "ejections_active") == 1, 2000, "ejected");
        long start = System.nanoTime();
        await(() -> px.stat(OD + "ejections_active") == 0, 5000, "returned");
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void ejectionTimeGrowsWithRepeatedEjectionsAndShrinksWhileHealthy() throws Exception {
        try (TestUpstream u = TestUpstream.start("u").handler(ex -> ex.respond(500, "x"));
             ProxyFixture px = proxy("consecutive_5xx: 2, interval: 0.3s, base_ejection_time: 0.6s, "
                     + "max_ejection_percent: 100", u.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            // An ejection ends at the first interval tick after its time: [time, time + interval).
            long first = ejection(px, c);
            long second = ejection(px, c); // within an interval of returning: the back-off has not shrunk yet
            assertTrue(first >= 550 && first < 1100, "first ejection ~ base_ejection_time: " + first);
            assertTrue(second >= 1150, "second ejection ~ 2 x base_ejection_time: " + second);
            Thread.sleep(1200); // intervals in rotation: the back-off returns to zero
            long third = ejection(px, c);
            assertTrue(third < 1100, "after behaving, back to base_ejection_time: " + third);
            assertEquals(3, px.stat(OD + "ejections_enforced_consecutive_5xx"));
        }
    }

    @Test
    void ejectionTimeIsCappedByMaxEjectionTime() throws Exception {
        try (TestUpstream u = TestUpstream.start("u").handler(ex -> ex.respond(500, "x"));
             ProxyFixture px = proxy("consecutive_5xx: 2, interval: 0.1s, base_ejection_time: 0.4s, "
                     + "max_ejection_time: 0.5s, always_eject_one_host: true", u.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            ejection(px, c);
            long second = ejection(px, c);
            long third = ejection(px, c);
            assertTrue(second < 750 && third < 750, "capped at 0.5s: " + second + ", " + third);
        }
    }

    @Test
    void ejectionTimeJitterLengthensEjections() throws Exception {
        try (TestUpstream u = TestUpstream.start("u").handler(ex -> ex.respond(500, "x"));
             ProxyFixture px = proxy("consecutive_5xx: 2, interval: 0.05s, base_ejection_time: 0.2s, "
                     + "max_ejection_time_jitter: 0.6s, always_eject_one_host: true", u.port());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            long max = 0;
            for (int i = 0; i < 4; i++) {
                max = Math.max(max, ejection(px, c));
                Thread.sleep(150); // let the back-off shrink so each ejection is base plus its jitter
            }
            // Four ejections all under 0.3 s would each need a jitter draw under 0.1 of 0.6 s: (1/6)^4 < 0.1%.
            assertTrue(max >= 300, "jitter added to at least one ejection: " + max + " ms");
        }
    }

    @Test
    void theDefaultTenPercentEjectsNothingInASmallClusterUnlessOneHostAlwaysMay() throws Exception {
        try (TestUpstream bad = TestUpstream.start("bad").handler(ex -> ex.respond(500, "x"));
             TestUpstream good = TestUpstream.start("good");
             ProxyFixture px = proxy("consecutive_5xx: 2, interval: 0.2s", bad.port(), good.port());
             ProxyFixture py = proxy("consecutive_5xx: 2, interval: 0.2s, always_eject_one_host: true",
                     bad.port(), good.port());
             RawHttp c = RawHttp.connect(px.port("ingress"));
             RawHttp d = RawHttp.connect(py.port("ingress"))) {
            for (int i = 0; i < 4; i++) {
                c.get("/");
                d.get("/");
            }
            await(() -> px.stat(OD + "ejections_overflow") == 1 && py.stat(OD + "ejections_active") == 1, 2000,
                    "1 of 2 hosts is 50% > 10%: overflow; with always_eject_one_host the first ejection happens");
            assertEquals(0, px.stat(OD + "ejections_active"));
            assertEquals(1, px.stat(OD + "ejections_detected_consecutive_5xx"));
            assertEquals(0, py.stat(OD + "ejections_overflow"));
        }
    }

    @Test
    void aPassingActiveHealthCheckReturnsAnEjectedHost() throws Exception {
        try (TestUpstream u = TestUpstream.start("u").handler(ex -> ex.respond(
                ex.request.uri().equals("/healthz") ? 200 : 500, "x"));
             TestUpstream good = TestUpstream.start("good");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     cluster("consecutive_5xx: 2, base_ejection_time: 30s, max_ejection_percent: 50",
                             u.port(), good.port())
                     + "  health_checks:\n  - { timeout: 1s, interval: 0.2s, no_traffic_interval: 0.2s, "
                     + "unhealthy_threshold: 2, healthy_threshold: 1, http_health_check: { path: /healthz } }\n"),
                     1, Transport.best());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            await(() -> px.stat("cluster.web.membership_healthy") == 2, 3000, "both hosts pass their first check");
            for (int i = 0; i < 4; i++) {
                c.get("/");
            }
            await(() -> px.stat(OD + "ejections_active") == 1, 2000, "ejected");
            await(() -> px.stat(OD + "ejections_active") == 0, 2000, "returned by the next passing check");
        }
    }
}
