package io.proxyctl.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RefusingPort;
import io.proxyctl.testing.TcpTestServer;
import io.proxyctl.transport.Transport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** tcp_proxy feeds outlier detection as Envoy: refused connects are gateway failures, established ones successes. */
@ExtendWith(LeakCheckExtension.class)
class TcpProxyOutlierTest {
    @Test
    void aHostRefusingConnectionsIsEjected() throws Exception {
        try (RefusingPort refusing = new RefusingPort(); TcpTestServer echo = TcpTestServer.echo()) {
            String cluster = Configs.staticCluster("web", refusing.port(), echo.port())
                    + "  outlier_detection: { consecutive_5xx: 2, consecutive_gateway_failure: 2, interval: 0.2s, max_ejection_percent: 50 }\n";
            try (ProxyFixture px = ProxyFixture.start(TcpProxyTest.config("cluster: web\nmax_connect_attempts: 1\n",
                    cluster), 1, Transport.best())) {
                for (int i = 0; i < 6; i++) {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), px.port("tcp"))) {
                        s.setSoTimeout(5000);
                        s.getOutputStream().write('x');
                        s.getInputStream().read();
                    } catch (java.io.IOException closedWithUnreadData) {
                        // a refused upstream: the proxy closes the downstream (RST, as our byte was unread)
                    }
                }
                long end = System.currentTimeMillis() + 2000;
                while (px.stat("cluster.web.outlier_detection.ejections_active") == 0 && System.currentTimeMillis() < end) {
                    Thread.sleep(5);
                }
                assertEquals(1, px.stat("cluster.web.outlier_detection.ejections_enforced_consecutive_5xx"));
                assertEquals(1, px.stat("cluster.web.outlier_detection.ejections_detected_consecutive_gateway_failure"));
                for (int i = 0; i < 5; i++) {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), px.port("tcp"))) {
                        s.setSoTimeout(5000);
                        OutputStream out = s.getOutputStream();
                        out.write("ping".getBytes(StandardCharsets.US_ASCII));
                        s.shutdownOutput();
                        InputStream in = s.getInputStream();
                        assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
                    }
                }
            }
        }
    }
}
