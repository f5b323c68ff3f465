package io.proxyctl.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * tls_inspector end to end: TLS passthrough routed by SNI to tcp_proxy (the backends terminate TLS), plain
 * connections on the same listener, and TLS termination choosing between two certificate chains by SNI.
 */
@ExtendWith(LeakCheckExtension.class)
class TlsInspectorTest {
    static SelfSignedCertificate certA;
    static SelfSignedCertificate certB;

    @BeforeAll
    @SuppressWarnings("deprecation")
    static void certificates() throws Exception {
        certA = new SelfSignedCertificate("a.test");
        certB = new SelfSignedCertificate("b.test");
    }

    @AfterAll
    static void cleanup() {
        certA.delete();
        certB.delete();
    }

    private static SSLContext context(SelfSignedCertificate key) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("a", certA.cert());
        trust.setCertificateEntry("b", certB.cert());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.KeyManager[] kms = null;
        if (key != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("k", key.key(), "pw".toCharArray(), new Certificate[]{key.cert()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "pw".toCharArray());
            kms = kmf.getKeyManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kms, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A TLS backend that answers the first 4 bytes of each connection with its name and those bytes. */
    private static SSLServerSocket backend(SelfSignedCertificate cert, String name) throws Exception {
        SSLServerSocket ss = (SSLServerSocket) context(cert).getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try (java.net.Socket c = ss.accept()) {
                    InputStream in = c.getInputStream();
                    byte[] got = in.readNBytes(4);
                    c.getOutputStream().write((name + ":" + new String(got, StandardCharsets.US_ASCII))
                            .getBytes(StandardCharsets.US_ASCII));
                    c.getOutputStream().flush();
                } catch (IOException e) {
                    // Closed by the test or a refused client; keep serving.
                }
            }
        }, "tls-backend-" + name);
        t.setDaemon(true);
        t.start();
        return ss;
    }

    private static SSLSocket client(int port, String sni, String... alpn) throws Exception {
        SSLSocket s = (SSLSocket) context(null).getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(5000);
        SSLParameters p = s.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(sni)));
        if (alpn.length > 0) {
            p.setApplicationProtocols(alpn);
        }
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    private static String peerName(SSLSocket s) throws Exception {
        return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    private static String exchange(SSLSocket s) throws IOException {
        s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    private static String tcpProxy(String cluster) {
        return "[ { name: envoy.filters.network.tcp_proxy, typed_config: { \"@type\": type.googleapis.com/envoy.extensions."
                + "filters.network.tcp_proxy.v3.TcpProxy, stat_prefix: " + cluster + ", cluster: " + cluster + " } } ]";
    }

    private static String directHcm(String body) {
        return "[ { name: envoy.filters.network.http_connection_manager, typed_config: { \"@type\": type.googleapis.com/"
                + "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager, stat_prefix: h, "
                + "route_config: { virtual_hosts: [ { name: all, domains: [\"*\"], routes: [ { match: { prefix: \"/\" }, "
                + "direct_response: { status: 200, body: { inline_string: " + body + " } } } ] } ] }, http_filters: [ { name: "
                + "envoy.filters.http.router, typed_config: { \"@type\": type.googleapis.com/envoy.extensions.filters.http."
                + "router.v3.Router } } ] } } ]";
    }

    private static String terminate(SelfSignedCertificate c) {
        return "{ name: envoy.transport_sockets.tls, typed_config: { \"@type\": type.googleapis.com/envoy.extensions."
                + "transport_sockets.tls.v3.DownstreamTlsContext, common_tls_context: { tls_certificates: [ { "
                + "certificate_chain: { filename: \"" + c.certificate() + "\" }, private_key: { filename: \""
                + c.privateKey() + "\" } } ] } } }";
    }

    @Test
    void passthroughBySniToTcpProxyAndPlainTrafficOnTheSameListener() throws Exception {
        try (SSLServerSocket a = backend(certA, "A"); SSLServerSocket b = backend(certB, "B")) {
            String yaml = """
                    static_resources:
                      listeners:
                      - name: edge
                        stat_prefix: edge
                        address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                        listener_filters:
                        - name: envoy.filters.listener.tls_inspector
                          typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector }
                        filter_chains:
                        - filter_chain_match: { server_names: [ a.test ] }
                          filters: %s
                        - filter_chain_match: { server_names: [ "*.b.test" ] }
                          filters: %s
                        - filter_chain_match: { transport_protocol: raw_buffer }
                          filters: %s
                      clusters:
                    """.formatted(tcpProxy("a"), tcpProxy("b"), directHcm("plain")) + Configs.indent(
                    Configs.staticCluster("a", a.getLocalPort()) + Configs.staticCluster("b", b.getLocalPort()), 2);
            try (ProxyFixture px = ProxyFixture.start(yaml)) {
                try (SSLSocket s = client(px.port("edge"), "a.test")) {
                    assertEquals("CN=a.test", peerName(s));
                    assertEquals("A:ping", exchange(s));
                }
                try (SSLSocket s = client(px.port("edge"), "www.b.test")) {
                    assertEquals("CN=b.test", peerName(s));
                    assertEquals("B:ping", exchange(s));
                }
                try (RawHttp c = RawHttp.connect(px.port("edge"))) {
                    assertEquals("plain", c.get("/").body());
                }
                boolean refused;
                try (SSLSocket s = client(px.port("edge"), "c.test")) {
                    refused = exchange(s).isEmpty();
                } catch (IOException e) {
                    refused = true;
                }
                assertTrue(refused);
                assertEquals(1, px.stat("listener.edge.no_filter_chain_match"));
                assertEquals(1, px.stat("tcp.a.downstream_cx_total"));
                assertEquals(1, px.stat("tcp.b.downstream_cx_total"));
            }
        }
    }

    @Test
    void terminationPicksTheCertificateChainBySni() throws Exception {
        String yaml = """
                static_resources:
                  listeners:
                  - name: https
                    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                    listener_filters:
                    - name: envoy.filters.listener.tls_inspector
                      typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector }
                    filter_chains:
                    - filter_chain_match: { server_names: [ a.test ] }
                      transport_socket: %s
                      filters: %s
                    - filter_chain_match: { server_names: [ b.test ] }
                      transport_socket: %s
                      filters: %s
                  clusters: []
                """.formatted(terminate(certA), directHcm("from-a"), terminate(certB), directHcm("from-b"));
        try (ProxyFixture px = ProxyFixture.start(yaml)) {
            for (String name : List.of("a", "b")) {
                try (SSLSocket s = client(px.port("https"), name + ".test", "http/1.1")) {
                    assertEquals("CN=" + name + ".test", peerName(s));
                    s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertTrue(r.startsWith("HTTP/1.1 200") && r.endsWith("from-" + name), r);
                }
            }
        }
    }
}
