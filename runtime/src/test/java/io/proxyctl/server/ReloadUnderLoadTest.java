package io.proxyctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.diff.ConfigDiff;
import io.proxyctl.config.diff.DiffResult;
import io.proxyctl.config.diff.ResourceSet;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7, acceptance 2: a steady request stream (keep-alive and new connections, real sockets) while the config
 * is reloaded 50 times, changing routes, adding and removing clusters and a listener, 10 of them invalid. No
 * request on the unchanged route may fail, every invalid config is rejected with diagnostics, and the final
 * state, read back through {@code /config_dump}, is the last valid config.
 */
@ExtendWith(LeakCheckExtension.class)
class ReloadUnderLoadTest {
    private static final int RELOADS = 50;

    /** The i-th invalid config: a different mistake each time, all caught by validation. */
    private static String invalid(ReloadConfigs base, int i) {
        String y = base.yaml();
        return switch (i % 5) {
            case 0 -> y.replace("connect_timeout", "conect_timeout");
            case 1 -> base.copy().route("/var", "no_such_cluster").yaml();
            case 2 -> y + "\n  bad: [";
            case 3 -> y.replace("type: STATIC", "type: STATICK");
            default -> y.replace("port_value: 0", "port_value: 70000");
        };
    }

    @Test
    void fiftyReloadsUnderSteadyTrafficLoseNoRequestOnUnchangedRoutes() throws Exception {
        try (TestUpstream stable = TestUpstream.start("S"); TestUpstream b = TestUpstream.start("B");
             TestUpstream c = TestUpstream.start("C")) {
            ReloadConfigs cfg = new ReloadConfigs().route("/stable", "stable").route("/var", "b")
                    .cluster("stable", stable.port()).cluster("b", b.port()).cluster("c", c.port());
            try (ProxyFixture p = ProxyFixture.start(cfg.yaml())) {
                int port = p.port("ingress");
                AtomicBoolean run = new AtomicBoolean(true);
                AtomicLong ok = new AtomicLong();
                AtomicLong okKeepAlive = new AtomicLong();
                List<String> failures = new CopyOnWriteArrayList<>();
                List<Thread> clients = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    clients.add(new Thread(() -> {
                        // One keep-alive connection per thread for the whole test: it must survive every reload.
                        try (RawHttp conn = RawHttp.connect(port)) {
                            while (run.get()) {
                                RawHttp.Response r = conn.get("/stable");
                                if (r.status() != 200 || !r.body().equals("S") || "close".equals(r.header("connection"))) {
                                    failures.add("keep-alive: " + r.status() + " " + r.body() + " " + r.headerMap());
                                    return;
                                }
                                ok.incrementAndGet();
                                okKeepAlive.incrementAndGet();
                                Thread.sleep(2);
                            }
                        } catch (Exception e) {
                            failures.add("keep-alive: " + e);
                        }
                    }, "keepalive-" + t));
                }
                for (int t = 0; t < 2; t++) {
                    clients.add(new Thread(() -> {
                        while (run.get()) {
                            try (RawHttp conn = RawHttp.connect(port)) {
                                RawHttp.Response r = conn.get("/stable");
                                if (r.status() != 200 || !r.body().equals("S")) {
                                    failures.add("new connection: " + r.status() + " " + r.body());
                                }
                                ok.incrementAndGet();
                                Thread.sleep(2);
                            } catch (Exception e) {
                                failures.add("new connection: " + e);
                                return;
                            }
                        }
                    }, "newconn-" + t));
                }
                clients.forEach(Thread::start);
                RawHttp varConn = RawHttp.connect(port);
                long start = System.nanoTime();
                ReloadConfigs lastValid = cfg;
                int rejected = 0;
                long reloadNanos = 0;
                for (int i = 1; i <= RELOADS; i++) {
                    Thread.sleep(60);
                    boolean bad = i % 5 == 0;
                    String yaml;
                    ReloadConfigs next = null;
                    if (bad) {
                        yaml = invalid(lastValid, i / 5);
                    } else {
                        next = lastValid.copy();
                        next.route("/var", i % 2 == 0 ? "b" : "c");
                        if (i % 3 == 0) {
                            next.clusters.remove("extra");
                        } else {
                            next.cluster("extra", b.port());
                        }
                        if (i % 4 == 1) {
                            next.extra("stable", 0);
                        } else {
                            next.extraListener = null;
                        }
                        yaml = next.yaml();
                    }
                    LoadResult loaded = YamlLoader.loadText("reload-" + i + ".yaml", yaml);
                    long t0 = System.nanoTime();
                    ReloadResult r = p.server.reload(loaded);
                    reloadNanos += System.nanoTime() - t0;
                    if (bad) {
                        assertFalse(r.applied(), "reload " + i + " should be rejected");
                        assertFalse(r.errors().isEmpty(), "reload " + i + ": rejected without diagnostics");
                        rejected++;
                    } else {
                        assertTrue(r.applied(), "reload " + i + ": " + r.diagnostics());
                        lastValid = next;
                        String want = i % 2 == 0 ? "B" : "C";
                        try (RawHttp conn = RawHttp.connect(port)) {
                            assertEquals(want, conn.get("/var").body(), "reload " + i + ": /var, new connection");
                        }
                        // The changed route also applies to the next request of an established connection.
                        assertEquals(want, varConn.get("/var").body(), "reload " + i + ": /var, kept connection");
                    }
                }
                Thread.sleep(200);
                varConn.close();
                run.set(false);
                for (Thread t : clients) {
                    t.join(5000);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                assertEquals(List.of(), failures);
                assertEquals(10, rejected);
                assertEquals(40, p.stat("server.reload_success"));
                assertEquals(10, p.stat("server.reload_failure"));
                long rate = Math.round(ok.get() / seconds);
                assertTrue(rate >= 200, "request rate " + rate + "/s");
                assertTrue(okKeepAlive.get() > 0);

                // The final state is the last valid config, as the admin reports it.
                String dump = ReloadTest.get(p.server.adminAddress().getPort(), "/config_dump").body();
                DiffResult diff = ConfigDiff.compare(
                        ResourceSet.fromBootstrap(YamlLoader.loadText("last.yaml", lastValid.yaml()).source()),
                        ResourceSet.fromConfigDump(YamlLoader.loadText("config_dump", dump).source(), true));
                assertTrue(diff.identical(), diff.changes().toString());
                assertTrue(diff.compared() >= 4, "resources compared: " + diff.compared());
                assertEquals(lastValid.extraListener != null ? 2 : 1, p.server.listeners().size());
                assertEquals(lastValid.clusters.keySet(), p.server.clusters().stream().map(x -> x.name())
                        .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)));
                System.out.printf("reload under load: %d requests in %.1f s (%d/s, %d on keep-alive), 0 failed; "
                                + "%d reloads (%d rejected), mean reload %.1f ms%n", ok.get(), seconds, rate,
                        okKeepAlive.get(), RELOADS, rejected, reloadNanos / 1e6 / RELOADS);
            }
        }
    }
}
