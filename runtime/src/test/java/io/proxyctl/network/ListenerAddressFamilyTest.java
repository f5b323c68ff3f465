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
            assertThrows(ConnectException.class, () -> body(v6, port), transport + ": an IPv6 client of a 0.0.0.0 listener");
        }
    }

    static Stream<Transport> nativeTransports() {
        return transports().filter(t -> t != Transport.NIO);
    }

    private static String listener(String name, String address, int port, String extra) {
        return """
                - name: %s
                  address: { socket_address: { address: "%s", port_value: %d%s } }
                  filter_chains:
                  - filters:
                    - name: envoy.filters.network.http_connection_manager
                      typed_config:
                        "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                        stat_prefix: %s
                        route_config:
                          virtual_hosts:
                          - name: all
                            domains: ["*"]
                            routes:
                            - match: { prefix: "/" }
                              direct_response: { status: 200, body: { inline_string: "%s" } }
                        http_filters:
                        - name: envoy.filters.http.router
                          typed_config:
                            "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
                """.formatted(name, address, port, extra, name, name);
    }

    private static String bootstrap(String... listeners) {
        StringBuilder sb = new StringBuilder("""
                admin:
                  address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                static_resources:
                  listeners:
                """);
        for (String l : listeners) {
            sb.append(Configs.indent(l, 2));
        }
        return sb.toString();
    }

    /** The body of GET / from address:port, or the connect failure. */
    private static String body(InetAddress address, int port) throws IOException {
        try (RawHttp c = RawHttp.connect(address, port)) {
            return c.get("/").body();
        }
    }

    /** Envoy binds IPv6 addresses IPV6_V6ONLY unless ipv4_compat: "::" and "0.0.0.0" on one port coexist. */
    @ParameterizedTest
    @MethodSource("nativeTransports")
    void ipv6AndIpv4WildcardListenersShareAPort(Transport transport) throws Exception {
        InetAddress v6 = ipv6Loopback();
        Assumptions.assumeTrue(v6 != null, "no IPv6 loopback here");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String yaml = bootstrap(listener("v4", "0.0.0.0", port, ""), listener("v6", "::", port, ""));
        try (ProxyFixture px = ProxyFixture.start(yaml, 1, transport)) {
            assertEquals("v4", body(InetAddress.getByName("127.0.0.1"), port));
            assertEquals("v6", body(v6, port));
        }
    }

    @ParameterizedTest
    @MethodSource("nativeTransports")
    void ipv4CompatLetsAnIpv6WildcardListenerServeIpv4Clients(Transport transport) throws Exception {
        Assumptions.assumeTrue(ipv6Loopback() != null, "no IPv6 loopback here");
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        try (ProxyFixture px = ProxyFixture.start(bootstrap(listener("compat", "::", 0, ", ipv4_compat: true"),
                listener("v6only", "::", 0, "")), 1, transport)) {
            assertEquals("compat", body(v4, px.port("compat")));
            int v6only = px.port("v6only");
            assertThrows(ConnectException.class, () -> body(v4, v6only), "an IPv6-only listener and an IPv4 client");
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
