package io.proxyctl.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.ProxyProcess;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, acceptance 3: 10,000 idle downstream connections held open against a proxy whose heap is capped at
 * 128 MiB (a child JVM, so each side has its own file descriptors) while a normal client is served correctly; the
 * HCM idle_timeout then closes every one of them.
 */
class IdleConnectionsTest {
    private static final int IDLE = 10_000;

    @TempDir
    Path tmp;

    /** The soft limit on open files of this process, or -1 when unknown. */
    static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Test
    void tenThousandIdleConnectionsAreHeldWhileANormalClientIsServedThenIdleTimeoutClosesThem() throws Exception {
        long limit = openFilesLimit();
        Assumptions.assumeTrue(limit >= IDLE + 2000, "needs an open-files limit of at least " + (IDLE + 2000)
                + " (ulimit -n is " + limit + "); raise it to run the 10,000-connection case");
        try (TestUpstream up = TestUpstream.start("up")) {
            String yaml = Configs.bootstrap("common_http_protocol_options: { idle_timeout: 8s }",
                    Configs.catchAll("web"), Configs.staticCluster("web", up.port()));
            try (ProxyProcess proxy = ProxyProcess.start(tmp, yaml, "-Xmx128m")) {
                int port = proxy.port("ingress");
                List<Socket> idle = new ArrayList<>(IDLE);
                long t0 = System.nanoTime();
                try {
                    for (int i = 0; i < IDLE; i++) {
                        Socket s = new Socket();
                        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                        idle.add(s);
                    }
                    long opened = System.nanoTime();
                    try (RawHttp admin = RawHttp.connect(proxy.port("admin"))) {
                        long active = 0;
                        for (int i = 0; i < 200 && active < IDLE; i++) {
                            String body = admin.get("/stats?filter=^server.total_connections$").body();
                            active = Long.parseLong(body.substring(body.indexOf(':') + 1).trim());
                            if (active < IDLE) {
                                Thread.sleep(25);
                            }
                        }
                        assertTrue(active >= IDLE, "the proxy holds " + active + " connections");
                    }
                    // A normal client, on new and reused connections, while all of them are held.
                    try (RawHttp c = RawHttp.connect(port)) {
                        for (int i = 0; i < 20; i++) {
                            RawHttp.Response r = c.get("/ok/" + i);
                            assertEquals(200, r.status());
                            assertEquals("up", r.body());
                        }
                    }
                    // idle_timeout (8 s) closes every idle connection: each one reads end-of-stream.
                    int closed = 0;
                    for (Socket s : idle) {
                        s.setSoTimeout(20_000);
                        try {
                            if (s.getInputStream().read() == -1) {
                                closed++;
                            }
                        } catch (SocketTimeoutException e) {
                            break;
                        } catch (IOException reset) {
                            closed++;
                        }
                    }
                    assertEquals(IDLE, closed, "connections closed by idle_timeout");
                    System.out.printf("10,000 idle connections: opened in %d ms, all closed by idle_timeout %d ms after;"
                                    + " proxy heap capped at 128 MiB%n", (opened - t0) / 1_000_000,
                            (System.nanoTime() - opened) / 1_000_000);
                } finally {
                    for (Socket s : idle) {
                        s.close();
                    }
                }
                assertTrue(proxy.alive(), proxy.output());
                assertEquals(0, proxy.stop(), proxy.output());
                String out = proxy.output();
                assertTrue(!out.contains("OutOfMemoryError") && !out.contains("LEAK"), out);
            }
        }
    }
}
