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
 * A host killed and restarted every few hundred milliseconds while clients send requests in parallel: retries
 * (reset, connect-failure, and a per-try timeout for attempts that get no answer at all) and active health
 * checks together keep every request successful.
 */
@ExtendWith(LeakCheckExtension.class)
class FlappingUpstreamTest {
    @Test
    void noRequestFailsWhileAHostFlaps() throws Exception {
        TestUpstream flappy = TestUpstream.start("flappy");
        int port = flappy.port();
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/" }
                    route: { cluster: web, retry_policy: { retry_on: "reset,connect-failure,5xx", num_retries: 3, per_try_timeout: 0.5s } }
                """;
        try (TestUpstream steady = TestUpstream.start("steady");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vh, Configs.staticCluster("web", port, steady.port())
                     + "  health_checks:\n  - { timeout: 0.2s, interval: 0.05s, no_traffic_interval: 0.05s, "
                     + "unhealthy_threshold: 1, healthy_threshold: 1, tcp_health_check: {} }\n"
                     + "  circuit_breakers: { thresholds: [ { max_retries: 100 } ] }\n"))) {
            int proxyPort = px.port("ingress");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ok = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean keepAlive = t % 2 == 0;
                Thread th = new Thread(() -> {
                    RawHttp c = null;
                    try {
                        while (!stop.get()) {
                            if (c == null) {
                                c = RawHttp.connect(proxyPort);
                            }
                            RawHttp.Response r = c.get("/");
                            if (r.status() == 200) {
                                ok.incrementAndGet();
                            } else {
                                synchronized (failures) {
                                    failures.add(r.status() + " " + r.body());
                                }
                            }
                            if (!keepAlive) {
                                c.close();
                                c = null;
                            }
                        }
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.add(e.toString());
                        }
                    } finally {
                        try {
                            if (c != null) {
                                c.close();
                            }
                        } catch (Exception ignored) {
                            // closing a test socket
                        }
                    }
                });
                clients.add(th);
                th.start();
            }
            try {
                for (int flap = 0; flap < 5; flap++) {
                    Thread.sleep(200);
                    flappy.close();
                    Thread.sleep(200);
                    flappy = TestUpstream.startOn("flappy", port);
                }
                Thread.sleep(200);
            } finally {
                stop.set(true);
                for (Thread th : clients) {
                    th.join(10_000);
                }
            }
            assertTrue(failures.isEmpty(), failures.size() + " failures of " + (ok.get() + failures.size()) + ": "
                    + new java.util.TreeSet<>(failures));
            assertTrue(ok.get() > 50, "served " + ok.get());
            assertTrue(px.stat("cluster.web.health_check.failure") >= 1);
            assertEquals(2, px.stat("cluster.web.membership_total"));
        } finally {
            flappy.close();
        }
    }
}
