package io.proxyctl.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.transport.Transport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A listener on 0.0.0.0 is IPv4-only on every transport, as Envoy binds it: IPv6 clients are refused and IPv4
 * clients appear as plain IPv4 addresses (not IPv4-mapped IPv6) in logs and forwarding headers.
 */
@ExtendWith(LeakCheckExtension.class)
class ListenerAddressFamilyTest {
    private static final String LOG = """
            access_log:
            - name: envoy.access_loggers.stdout
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
                log_format: { text_format_source: { inline_string: "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%\\n" } }
            """;

    static Stream<Transport> transports() {
        return Arrays.stream(Transport.values()).filter(Transport::available);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void anIpv4WildcardListenerRefusesIpv6Clients(Transport transport) throws Exception {
        String routes = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/" }
                    direct_response: { status: 200, body: { inline_string: "ok" } }
                """;
        String yaml = Configs.bootstrap(LOG, routes, Configs.staticCluster("unused", 1))
                .replaceFirst("name: ingress\n    address: \\{ socket_address: \\{ address: 127.0.0.1",
                        "name: ingress\n    address: { socket_address: { address: 0.0.0.0");
        assertTrue(yaml.contains("address: 0.0.0.0"), yaml);
        try (ProxyFixture px = ProxyFixture.start(yaml, 1, transport)) {
            int port = px.port("ingress");
            try (RawHttp c = RawHttp.connect(port)) {
                assertEquals(200, c.get("/").status());
            }
            long end = System.currentTimeMillis() + 2000;
            while (!px.stdoutText().contains("\n") && System.currentTimeMillis() < end) {
                Thread.sleep(5);
            }
            assertEquals("127.0.0.1\n", px.stdoutText(), transport + ": the client's address as IPv4");
            InetAddress v6 = ipv6Loopback();
            Assumptions.assumeTrue(v6 != null, "no IPv6 loopback here");
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(v6, port), 2000);
                }
            }, transport + ": an IPv6 client of a 0.0.0.0 listener");
        }
    }

    /** ::1 when this machine can listen on it, else null. */
    private static InetAddress ipv6Loopback() {
        try (ServerSocket s = new ServerSocket()) {
            InetAddress a = Inet6Address.getByName("::1");
            s.bind(new InetSocketAddress(a, 0));
            return a;
        } catch (IOException e) {
            return null;
        }
    }
}
