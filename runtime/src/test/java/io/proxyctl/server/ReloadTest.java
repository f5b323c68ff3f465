package io.proxyctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.bind.BootstrapBinder;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.validate.DiagnosticCode;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import io.proxyctl.upstream.UpstreamCluster;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload through {@link ProxyServer#reload} and the admin's {@code POST /reload}: routes switch on established
 * keep-alive connections, listeners and clusters are added, modified and removed by name, and a config that fails
 * validation or cannot be applied (a listener address in use) leaves the running config exactly as it was.
 */
@ExtendWith(LeakCheckExtension.class)
class ReloadTest {
    @TempDir
    Path tmp;

    private static ReloadResult reload(ProxyFixture p, ReloadConfigs c) {
        return p.server.reload(YamlLoader.loadText("reload.yaml", c.yaml()));
    }

    private static UpstreamCluster cluster(ProxyFixture p, String name) {
        return p.server.clusters().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    @Test
    void routesSwitchOnAnEstablishedConnectionAndUnchangedClustersKeepTheirState() throws Exception {
        try (TestUpstream a = TestUpstream.start("A"); TestUpstream b = TestUpstream.start("B")) {
            ReloadConfigs c = new ReloadConfigs().route("/", "a").cluster("a", a.port()).cluster("b", b.port());
            try (ProxyFixture p = ProxyFixture.start(c.yaml()); RawHttp conn = RawHttp.connect(p.port("ingress"))) {
                int port = p.port("ingress");
                UpstreamCluster ca = cluster(p, "a");
                assertEquals("A", conn.get("/x").body());

                ReloadResult r = reload(p, c.copy().route("/", "b"));
                assertTrue(r.applied(), r.toString());
                assertEquals(List.of("ingress"), r.changes().listenersModified());
                assertTrue(r.changes().clustersModified().isEmpty(), r.toString());
                // Same connection, next request: the new route table.
                assertEquals("B", conn.get("/x").body());
                assertEquals(port, p.port("ingress"));
                assertSame(ca, cluster(p, "a"), "an unchanged cluster keeps its instance (pools, health state)");
                // Written differently but equal once normalised (as proxyctl diff compares): still unchanged.
                ReloadResult same = p.server.reload(YamlLoader.loadText("same.yaml",
                        c.copy().route("/", "b").yaml().replace("connect_timeout: 1s", "connect_timeout: 1.000s")));
                assertTrue(same.applied() && same.changes().clustersModified().isEmpty(), same.toString());
                assertSame(ca, cluster(p, "a"));
                assertEquals(2, p.stat("server.reload_success"));
                assertEquals(1, p.stat("listener_manager.listener_modified"), "the second reload changed no listener");
                assertEquals(0, p.stat("listener_manager.listener_added") - 1);
                assertTrue(p.log.stream().anyMatch(l -> l.startsWith("reload: applied reload.yaml")), p.log.toString());
                // A connection that carried over once follows the next reload too.
                assertTrue(reload(p, c.copy().route("/", "a")).applied());
                assertEquals("A", conn.get("/x").body());
                assertTrue(reload(p, c.copy().route("/", "b")).applied());
                assertEquals("B", conn.get("/x").body());
            }
        }
    }

    @Test
    void clustersAreAddedModifiedAndRemovedByName() throws Exception {
        try (TestUpstream a = TestUpstream.start("A"); TestUpstream a2 = TestUpstream.start("A2");
             TestUpstream b = TestUpstream.start("B")) {
            ReloadConfigs c = new ReloadConfigs().route("/a", "a").route("/b", "b").cluster("a", a.port())
                    .cluster("b", b.port());
            try (ProxyFixture p = ProxyFixture.start(c.yaml())) {
                UpstreamCluster oldA = cluster(p, "a");
                ReloadConfigs next = new ReloadConfigs().route("/a", "a").route("/c", "c").cluster("a", a2.port())
                        .cluster("c", b.port());
                ReloadResult r = reload(p, next);
                assertTrue(r.applied(), r.toString());
                assertEquals(List.of("a"), r.changes().clustersModified());
                assertEquals(List.of("c"), r.changes().clustersAdded());
                assertEquals(List.of("b"), r.changes().clustersRemoved());
                assertNotSame(oldA, cluster(p, "a"));
                assertEquals(null, cluster(p, "b"));
                try (RawHttp conn = RawHttp.connect(p.port("ingress"))) {
                    assertEquals("A2", conn.get("/a").body());
                    assertEquals("B", conn.get("/c").body());
                    assertEquals(404, conn.get("/b").status());
                }
                assertEquals(1, p.stat("cluster_manager.cluster_modified"));
                assertEquals(1, p.stat("cluster_manager.cluster_removed"));
                assertEquals(3, p.stat("cluster_manager.cluster_added"));
                assertEquals(2, p.stat("cluster_manager.active_clusters"));
            }
        }
    }

    @Test
    void listenersAreAddedAndRemovedAndARemovedOneStopsAccepting() throws Exception {
        try (TestUpstream a = TestUpstream.start("A")) {
            ReloadConfigs c = new ReloadConfigs().route("/", "a").cluster("a", a.port());
            try (ProxyFixture p = ProxyFixture.start(c.yaml())) {
                ReloadResult r = reload(p, c.copy().extra("a", 0));
                assertTrue(r.applied(), r.toString());
                assertEquals(List.of("extra"), r.changes().listenersAdded());
                int extra = p.port("extra");
                RawHttp kept = RawHttp.connect(extra);
                assertEquals("A", kept.get("/").body());
                assertEquals(2, p.stat("listener_manager.total_listeners_active"));

                r = reload(p, c);
                assertTrue(r.applied(), r.toString());
                assertEquals(List.of("extra"), r.changes().listenersRemoved());
                assertThrows(IllegalArgumentException.class, () -> p.port("extra"));
                assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", extra).close());
                // The established connection drains: it is closed (idle), never reset mid-response.
                assertTrue(kept.closedByPeer(3000));
                kept.close();
                assertEquals(1, p.stat("listener_manager.listener_removed"));
                assertEquals(1, p.stat("listener_manager.total_listeners_active"));
                AdminHttpAwait.await(() -> p.stat("listener_manager.total_listeners_draining") == 0);
                try (RawHttp conn = RawHttp.connect(p.port("ingress"))) {
                    assertEquals("A", conn.get("/").body());
                }
            }
        }
    }

    @Test
    void inFlightRequestsFinishWhenAReloadRemovesTheirClusterAndListener() throws Exception {
        List<TestUpstream.Exchange> held = new CopyOnWriteArrayList<>();
        try (TestUpstream slow = TestUpstream.start("slow").handler(held::add); TestUpstream other = TestUpstream.start("O")) {
            ReloadConfigs c = new ReloadConfigs().route("/", "slow").cluster("slow", slow.port())
                    .cluster("other", other.port()).extra("slow", 0);
            try (ProxyFixture p = ProxyFixture.start(c.yaml()); RawHttp kept = RawHttp.connect(p.port("ingress"));
                 RawHttp onRemoved = RawHttp.connect(p.port("extra"))) {
                kept.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
                onRemoved.send("GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
                AdminHttpAwait.await(() -> held.size() == 2);

                ReloadConfigs next = new ReloadConfigs().route("/", "other").cluster("other", other.port());
                ReloadResult r = reload(p, next);
                assertTrue(r.applied(), r.toString());
                assertEquals(List.of("slow"), r.changes().clustersRemoved());
                assertEquals(List.of("extra"), r.changes().listenersRemoved());
                assertEquals(1, p.stat("listener_manager.total_listeners_draining"));

                held.forEach(x -> x.respond(200, "late"));
                RawHttp.Response a = kept.read();
                assertEquals(200, a.status());
                assertEquals("late", a.body());
                RawHttp.Response b = onRemoved.read();
                assertEquals(200, b.status());
                assertEquals("late", b.body());
                assertEquals("close", b.header("connection"), "a draining listener closes after the response");
                assertTrue(onRemoved.closedByPeer(3000));
                // The kept connection goes on, on the new route table.
                assertEquals("O", kept.get("/c").body());
                AdminHttpAwait.await(() -> p.stat("listener_manager.total_listeners_draining") == 0);
            }
        }
    }

    @Test
    void aListenerWhoseAddressChangesIsReboundAndTheOldSocketDrains() throws Exception {
        int first;
        int second;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            first = a.getLocalPort();
            second = b.getLocalPort();
        }
        try (TestUpstream up = TestUpstream.start("A")) {
            ReloadConfigs c = new ReloadConfigs().route("/", "a").cluster("a", up.port()).extra("a", first);
            try (ProxyFixture p = ProxyFixture.start(c.yaml())) {
                assertEquals(first, p.port("extra"));
                ReloadResult r = reload(p, c.copy().extra("a", second));
                assertTrue(r.applied(), r.toString());
                assertEquals(List.of("extra"), r.changes().listenersModified());
                assertEquals(List.of("extra"), r.changes().listenersRebound());
                assertEquals(second, p.port("extra"));
                assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", first).close());
                try (RawHttp conn = RawHttp.connect(second)) {
                    assertEquals("A", conn.get("/").body());
                }
            }
        }
    }

    @Test
    void anInvalidConfigIsRejectedWithDiagnosticsAndNothingChanges() throws Exception {
        try (TestUpstream a = TestUpstream.start("A")) {
            ReloadConfigs c = new ReloadConfigs().route("/", "a").cluster("a", a.port());
            try (ProxyFixture p = ProxyFixture.start(c.yaml())) {
                Map<String, Object> before = p.server.configTree();
                String bad = c.copy().route("/", "nope").yaml().replace("connect_timeout", "conect_timeout");
                ReloadResult r = p.server.reload(YamlLoader.loadText("bad.yaml", bad));
                assertFalse(r.applied());
                assertTrue(r.errors().stream().anyMatch(d -> d.code() == DiagnosticCode.UNKNOWN_FIELD), r.toString());
                assertTrue(r.errors().stream().anyMatch(d -> d.code() == DiagnosticCode.UNKNOWN_CLUSTER), r.toString());
                assertSame(before, p.server.configTree());
                assertEquals(1, p.stat("server.reload_failure"));
                assertTrue(p.log.stream().anyMatch(l -> l.startsWith("error: reload: bad.yaml:") && l.contains("PX2001")),
                        p.log.toString());
                try (RawHttp conn = RawHttp.connect(p.port("ingress"))) {
                    assertEquals("A", conn.get("/").body());
                }
            }
        }
    }

    @Test
    void aListenerThatCannotBindRejectsTheWholeReload() throws Exception {
        try (TestUpstream a = TestUpstream.start("A"); ServerSocket taken = new ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            ReloadConfigs c = new ReloadConfigs().route("/", "a").cluster("a", a.port());
            try (ProxyFixture p = ProxyFixture.start(c.yaml())) {
                ReloadConfigs next = c.copy().route("/", "b").cluster("b", a.port()).extra("b", taken.getLocalPort());
                ReloadResult r = reload(p, next);
                assertFalse(r.applied());
                assertEquals(DiagnosticCode.RELOAD_REJECTED, r.errors().get(0).code());
                assertTrue(r.errors().get(0).message().contains("already in use"), r.toString());
                assertEquals(null, cluster(p, "b"), "nothing of the rejected config is applied");
                assertEquals(1, p.stat("listener_manager.listener_create_failure"));
                assertEquals(1, p.server.listeners().size());
                assertEquals(0, p.stat("listener_manager.listener_added") - 1);
                try (RawHttp conn = RawHttp.connect(p.port("ingress"))) {
                    assertEquals("A", conn.get("/").body());
                }
            }
        }
    }

    @Test
    void postReloadRereadsTheFileAndAnswersWithTheOutcome() throws Exception {
        try (TestUpstream a = TestUpstream.start("A"); TestUpstream b = TestUpstream.start("B")) {
            ReloadConfigs c = new ReloadConfigs().route("/", "a").cluster("a", a.port()).cluster("b", b.port());
            Path file = tmp.resolve("envoy.yaml");
            Files.writeString(file, c.yaml());
            List<String> log = new CopyOnWriteArrayList<>();
            Map<String, Object> tree = ProxyFixture.tree(c.yaml());
            ProxyServer s = ProxyServer.start(BootstrapBinder.bind(tree), ServerOptions.defaults().withConcurrency(1)
                    .withLog(log::add).withConfig(tree, file.toString()));
            try {
                int admin = s.adminAddress().getPort();
                Files.writeString(file, c.copy().route("/", "b").yaml());
                RawHttp.Response ok = post(admin, "/reload");
                assertEquals(200, ok.status(), ok.body());
                assertTrue(ok.body().contains("\"applied\": true"), ok.body());
                assertTrue(get(admin, "/config_dump").body().contains("\"cluster\": \"b\""));
                try (RawHttp conn = RawHttp.connect(s.boundPort("ingress"))) {
                    assertEquals("B", conn.get("/").body());
                }
                Files.writeString(file, "static_resources: [");
                RawHttp.Response bad = post(admin, "/reload");
                assertEquals(400, bad.status(), bad.body());
                assertTrue(bad.body().contains("\"applied\": false") && bad.body().contains("PX1010"), bad.body());
                assertEquals(405, get(admin, "/reload").status());
                try (RawHttp conn = RawHttp.connect(s.boundPort("ingress"))) {
                    assertEquals("B", conn.get("/").body());
                }
            } finally {
                s.shutdown();
            }
        }
    }

    @Test
    void watchReloadsOnceTheFileSettlesAndReportsABrokenFileOnce() throws Exception {
        try (TestUpstream a = TestUpstream.start("A"); TestUpstream b = TestUpstream.start("B")) {
            ReloadConfigs c = new ReloadConfigs().route("/", "a").cluster("a", a.port()).cluster("b", b.port());
            Path file = tmp.resolve("watched.yaml");
            Files.writeString(file, c.yaml());
            List<String> log = new CopyOnWriteArrayList<>();
            Map<String, Object> tree = ProxyFixture.tree(c.yaml());
            ProxyServer s = ProxyServer.start(BootstrapBinder.bind(tree), ServerOptions.defaults().withConcurrency(1)
                    .withLog(log::add).withConfig(tree, file.toString()));
            try (ConfigFileWatcher w = ConfigFileWatcher.start(s, file, 20, 150)) {
                // Two quick writes within the debounce window: one reload, of the last content.
                Files.writeString(file, c.copy().route("/", "nope").yaml());
                Files.writeString(file, c.copy().route("/", "b").yaml());
                AdminHttpAwait.await(() -> s.stats().value("server.reload_success") == 1);
                try (RawHttp conn = RawHttp.connect(s.boundPort("ingress"))) {
                    assertEquals("B", conn.get("/").body());
                }
                Files.writeString(file, "static_resources: [");
                AdminHttpAwait.await(() -> s.stats().value("server.reload_failure") == 1);
                Thread.sleep(300);
                assertEquals(1, s.stats().value("server.reload_failure"), log.toString());
                assertEquals(0, log.stream().filter(l -> l.contains("nope")).count(), log.toString());
                assertTrue(log.stream().anyMatch(l -> l.startsWith("error: reload:") && l.contains("PX1010")), log.toString());
            } finally {
                s.shutdown();
            }
        }
    }

    @Test
    void aTreeBuiltInMemoryReloadsToo() throws Exception {
        try (TestUpstream a = TestUpstream.start("A"); TestUpstream b = TestUpstream.start("B")) {
            ReloadConfigs c = new ReloadConfigs().route("/", "a").cluster("a", a.port()).cluster("b", b.port());
            try (ProxyFixture p = ProxyFixture.start(c.yaml())) {
                ReloadResult r = p.server.reload("xds", ProxyFixture.tree(c.copy().route("/", "b").yaml()));
                assertTrue(r.applied(), r.toString());
                try (RawHttp conn = RawHttp.connect(p.port("ingress"))) {
                    assertEquals("B", conn.get("/").body());
                }
                ReloadResult bad = p.server.reload("xds", ProxyFixture.tree(c.copy().route("/", "zzz").yaml()));
                assertFalse(bad.applied());
                assertEquals("xds", bad.errors().get(0).file());
                assertTrue(bad.errors().get(0).path().startsWith("static_resources.listeners[0]"), bad.toString());
            }
        }
    }

    @Test
    void aServerStartedWithoutAFileCannotReloadIt() throws Exception {
        try (TestUpstream a = TestUpstream.start("A");
             ProxyFixture p = ProxyFixture.start(new ReloadConfigs().route("/", "a").cluster("a", a.port()).yaml())) {
            Files.deleteIfExists(Path.of("test.yaml"));
            ReloadResult r = p.server.reloadConfigFile();
            assertFalse(r.applied());
            assertEquals(1, p.stat("server.reload_failure"));
        }
    }

    static RawHttp.Response post(int port, String path) throws IOException {
        try (RawHttp c = RawHttp.connect(port)) {
            c.send("POST " + path + " HTTP/1.1\r\nHost: admin\r\nContent-Length: 0\r\n\r\n");
            return c.read();
        }
    }

    static RawHttp.Response get(int port, String path) throws IOException {
        try (RawHttp c = RawHttp.connect(port)) {
            return c.get(path);
        }
    }

    /** Polls a condition for up to 5 s. */
    static final class AdminHttpAwait {
        static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
            for (int i = 0; i < 500 && !c.getAsBoolean(); i++) {
                Thread.sleep(10);
            }
            assertTrue(c.getAsBoolean());
        }
    }
}
