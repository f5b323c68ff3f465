package io.proxyctl.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.TcpTestServer;
import io.proxyctl.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** tcp_proxy end to end over loopback: echo with half-close, a large transfer, weights, failures, idle timeout. */
@ExtendWith(LeakCheckExtension.class)
class TcpProxyTest {
    /** A listener 'tcp' whose tcp_proxy has stat_prefix 't' and the given extra fields, plus clusters. */
    static String config(String tcpProxyFields, String clusters) {
        return """
                static_resources:
                  listeners:
                  - name: tcp
                    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                    filter_chains:
                    - filters:
                      - name: envoy.filters.network.tcp_proxy
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                          stat_prefix: t
                """ + Configs.indent(tcpProxyFields, 10) + """
                  clusters:
                """ + Configs.indent(clusters, 2);
    }

    static final String ACCESS_LOG = """
            access_log:
            - name: envoy.access_loggers.stdout
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
                log_format: { text_format_source: { inline_string: "tcp %UPSTREAM_CLUSTER% %BYTES_RECEIVED% %BYTES_SENT% %RESPONSE_FLAGS%\\n" } }
            """;

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(10_000);
        return s;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(cond.getAsBoolean());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void echoesAndRelaysHalfCloseBothWays(Transport transport) throws Exception {
        try (TcpTestServer echo = TcpTestServer.echo();
             ProxyFixture px = ProxyFixture.start(config("cluster: echo\n" + ACCESS_LOG,
                     Configs.staticCluster("echo", echo.port())), 2, transport)) {
            try (Socket s = connect(px.port("tcp"))) {
                OutputStream out = s.getOutputStream();
                out.write("hello ".getBytes(StandardCharsets.UTF_8));
                out.write("world".getBytes(StandardCharsets.UTF_8));
                out.flush();
                s.shutdownOutput();
                // The upstream sees our end of input, echoes everything and half-closes; we read to EOF.
                assertEquals("hello world", new String(readAll(s.getInputStream()), StandardCharsets.UTF_8));
            }
            waitFor(() -> px.stdoutText().contains("tcp echo 11 11 -"));
            assertEquals(1, px.stat("tcp.t.downstream_cx_total"));
            assertEquals(11, px.stat("tcp.t.downstream_cx_rx_bytes_total"));
            assertEquals(11, px.stat("tcp.t.downstream_cx_tx_bytes_total"));
            assertEquals(1, px.stat("cluster.echo.upstream_cx_total"));
            waitFor(() -> px.stat("cluster.echo.upstream_cx_active") == 0);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void transfers256MiBBothWaysWithBackPressure(Transport transport) throws Exception {
        long total = 256L << 20;
        try (TcpTestServer echo = TcpTestServer.echo();
             ProxyFixture px = ProxyFixture.start(config("cluster: echo", Configs.staticCluster("echo", echo.port())),
                     2, transport)) {
            try (Socket s = connect(px.port("tcp"))) {
                s.setSoTimeout(60_000);
                CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> {
                    CRC32 crc = new CRC32();
                    byte[] chunk = new byte[256 * 1024];
                    try {
                        OutputStream out = s.getOutputStream();
                        for (long off = 0; off < total; off += chunk.length) {
                            for (int i = 0; i < chunk.length; i += 8) {
                                long v = (off + i) * 0x9E3779B97F4A7C15L;
                                for (int k = 0; k < 8; k++) {
                                    chunk[i + k] = (byte) (v >>> (k * 8));
                                }
                            }
                            crc.update(chunk);
                            out.write(chunk);
                        }
                        s.shutdownOutput();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return crc.getValue();
                });
                CRC32 crc = new CRC32();
                long received = 0;
                byte[] buf = new byte[256 * 1024];
                InputStream in = s.getInputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    crc.update(buf, 0, n);
                    received += n;
                }
                assertEquals(total, received, "rx " + px.stat("tcp.t.downstream_cx_rx_bytes_total") + " tx "
                        + px.stat("tcp.t.downstream_cx_tx_bytes_total"));
                assertEquals(sent.get(60, TimeUnit.SECONDS), crc.getValue());
            }
            assertEquals(total, px.stat("tcp.t.downstream_cx_rx_bytes_total"));
            assertEquals(total, px.stat("tcp.t.downstream_cx_tx_bytes_total"));
        }
    }

    /**
     * The client half-closes first and reads the whole answer only later, so the proxy writes to a downstream
     * whose input has ended while the socket is full. Netty 4.2's epoll dropped such a socket from the epoll set
     * and then failed the write (ENOENT), cutting the answer short: EpollHalfCloseFix.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void halfClosedClientReceivesALargeAnswerItReadsLate(Transport transport) throws Exception {
        long total = 32L << 20;
        try (TcpTestServer server = TcpTestServer.replyAfterEof(total);
             ProxyFixture px = ProxyFixture.start(config("cluster: s", Configs.staticCluster("s", server.port())),
                     1, transport)) {
            try (Socket s = connect(px.port("tcp"))) {
                s.getOutputStream().write("request".getBytes(StandardCharsets.UTF_8));
                s.shutdownOutput();
                // Let the answer fill the socket buffers so the proxy has to wait for writability.
                Thread.sleep(300);
                InputStream in = s.getInputStream();
                byte[] buf = new byte[64 * 1024];
                long received = 0;
                int n;
                while ((n = in.read(buf)) >= 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] != (byte) ((received + i) % (64 * 1024))) {
                            throw new AssertionError("byte " + (received + i) + " differs");
                        }
                    }
                    received += n;
                }
                assertEquals(total, received);
            }
        }
    }

    @Test
    void weightedClustersSplitConnections() throws Exception {
        try (TcpTestServer a = TcpTestServer.greeting("a"); TcpTestServer b = TcpTestServer.greeting("b");
             ProxyFixture px = ProxyFixture.start(config("""
                     weighted_clusters:
                       clusters:
                       - { name: a, weight: 1 }
                       - { name: b, weight: 3 }
                     """, Configs.staticCluster("a", a.port()) + Configs.staticCluster("b", b.port())))) {
            int countA = 0;
            int countB = 0;
            for (int i = 0; i < 120; i++) {
                try (Socket s = connect(px.port("tcp"))) {
                    String got = new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
                    if (got.equals("a")) {
                        countA++;
                    } else if (got.equals("b")) {
                        countB++;
                    }
                }
            }
            assertEquals(120, countA + countB);
            assertTrue(countA > 5 && countB > countA, "a=" + countA + " b=" + countB);
            assertEquals(120, px.stat("tcp.t.downstream_cx_total"));
        }
    }

    @Test
    void connectFailureRetriesThenClosesTheDownstream() throws Exception {
        try (io.proxyctl.testing.RefusingPort refusing = new io.proxyctl.testing.RefusingPort()) {
            connectFailure(refusing.port());
        }
    }

    private void connectFailure(int closedPort) throws Exception {
        try (ProxyFixture px = ProxyFixture.start(config("cluster: dead\nmax_connect_attempts: 3\n" + ACCESS_LOG,
                Configs.staticCluster("dead", closedPort)))) {
            try (Socket s = connect(px.port("tcp"))) {
                assertEquals(-1, s.getInputStream().read());
            }
            waitFor(() -> px.stdoutText().contains("tcp dead 0 0 UF"));
            assertEquals(3, px.stat("cluster.dead.upstream_cx_connect_fail"));
            assertEquals(1, px.stat("tcp.t.upstream_cx_connect_attempts_exceeded"));
        }
    }

    @Test
    void unknownClusterCountsNoRoute() throws Exception {
        try (ProxyFixture px = ProxyFixture.start(config("cluster: missing", Configs.staticCluster("other", 1)))) {
            try (Socket s = connect(px.port("tcp"))) {
                assertEquals(-1, s.getInputStream().read());
            }
            assertEquals(1, px.stat("tcp.t.downstream_cx_no_route"));
        }
    }

    @Test
    void idleTimeoutClosesBothSides() throws Exception {
        try (TcpTestServer echo = TcpTestServer.echo();
             ProxyFixture px = ProxyFixture.start(config("cluster: echo\nidle_timeout: 0.3s",
                     Configs.staticCluster("echo", echo.port())))) {
            try (Socket s = connect(px.port("tcp"))) {
                s.getOutputStream().write(new byte[]{1, 2, 3});
                byte[] got = s.getInputStream().readNBytes(3);
                assertArrayEquals(new byte[]{1, 2, 3}, got);
                long t0 = System.nanoTime();
                assertEquals(-1, s.getInputStream().read());
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(waited >= 150 && waited < 5000, "closed after " + waited + " ms");
            }
            assertEquals(1, px.stat("tcp.t.idle_timeout"));
            waitFor(() -> px.stat("cluster.echo.upstream_cx_active") == 0);
        }
    }
}
