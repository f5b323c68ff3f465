package io.proxyctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.ValidationReport;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TcpTestServer;
import io.proxyctl.testing.TestUpstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, acceptance 2: the envoyproxy/examples configurations for TLS, TLS-SNI, tls_inspector, WebSocket and
 * the double proxy run with proxyctl. Each is loaded from {@code src/test/resources/envoyproxy-examples} as
 * {@code proxyctl run} loads it (validation included); only its addresses change (listeners on loopback port 0,
 * cluster hosts pointed at loopback test servers) and its certificate file names point at certificates generated
 * here. Then a real request, WebSocket exchange or TLS handshake goes through it.
 */
@ExtendWith(LeakCheckExtension.class)
class EnvoyExamplesRunTest {
    private static SelfSignedCertificate upstreamCert;
    private static SslContext upstreamTls;

    @BeforeAll
    static void certificates() throws Exception {
        upstreamCert = new SelfSignedCertificate("upstream.test");
        upstreamTls = SslContextBuilder.forServer(upstreamCert.certificate(), upstreamCert.privateKey()).build();
    }

    @AfterAll
    static void cleanup() {
        upstreamCert.delete();
    }

    // ------------------------------------------------------------------ tls/

    @Test
    void tlsHttpsToHttp() throws Exception {
        try (TestUpstream http = TestUpstream.start("service-http");
             ProxyFixture px = run("tls/envoy-https-http.yaml", Map.of("service-http", http.port()), Map.of())) {
            try (SSLSocket s = tls(px.port("l0"), null, List.of(), null, null)) {
                assertEquals("CN=front-envoy", peer(s));
                assertEquals("service-http", body(get(s, "/")));
            }
        }
    }

    @Test
    void tlsHttpToHttps() throws Exception {
        try (TestUpstream https = TestUpstream.startTls("service-https", upstreamTls);
             ProxyFixture px = run("tls/envoy-http-https.yaml", Map.of("service-https", https.port()), Map.of());
             RawHttp c = RawHttp.connect(px.port("l0"))) {
            assertEquals("service-https", c.get("/").body());
        }
    }

    @Test
    void tlsHttpsToHttps() throws Exception {
        try (TestUpstream https = TestUpstream.startTls("service-https", upstreamTls);
             ProxyFixture px = run("tls/envoy-https-https.yaml", Map.of("service-https", https.port()), Map.of())) {
            try (SSLSocket s = tls(px.port("l0"), null, List.of(), null, null)) {
                assertEquals("CN=front-envoy", peer(s));
                assertEquals("service-https", body(get(s, "/")));
            }
        }
    }

    @Test
    void tlsPassthrough() throws Exception {
        try (TestUpstream https = TestUpstream.startTls("service-https", upstreamTls);
             ProxyFixture px = run("tls/envoy-https-passthrough.yaml", Map.of("service-https", https.port()), Map.of())) {
            try (SSLSocket s = tls(px.port("l0"), null, List.of(), null, null)) {
                assertEquals("CN=upstream.test", peer(s), "the handshake is the upstream's");
                assertEquals("service-https", body(get(s, "/")));
            }
            assertEquals(1, px.stat("tcp.https_passthrough.downstream_cx_total"));
        }
    }

    // ------------------------------------------------------------------ tls-sni/ and tls-inspector/

    @Test
    void tlsSniSelectsChainsAndPassesDomain3Through(@TempDir Path dir) throws Exception {
        SelfSignedCertificate d1 = new SelfSignedCertificate("domain1.example.com");
        SelfSignedCertificate d2 = new SelfSignedCertificate("domain2.example.com");
        try (TestUpstream h0 = TestUpstream.start("service-http0");
             TestUpstream h1 = TestUpstream.start("service-http1");
             TestUpstream https = TestUpstream.startTls("service-https", upstreamTls);
             ProxyFixture px = run("tls-sni/envoy.yaml",
                     Map.of("service-http0", h0.port(), "service-http1", h1.port(), "service-https", https.port()),
                     Map.of("certs/domain1.crt.pem", d1.certificate().toString(), "certs/domain1.key.pem",
                             d1.privateKey().toString(), "certs/domain2.crt.pem", d2.certificate().toString(),
                             "certs/domain2.key.pem", d2.privateKey().toString()))) {
            try (SSLSocket s = tls(px.port("l0"), "domain1.example.com", List.of(), null, null)) {
                assertEquals("CN=domain1.example.com", peer(s));
                assertEquals("service-http0", body(get(s, "/")));
            }
            try (SSLSocket s = tls(px.port("l0"), "domain2.example.com", List.of(), null, null)) {
                assertEquals("CN=domain2.example.com", peer(s));
                assertEquals("service-http1", body(get(s, "/")));
            }
            try (SSLSocket s = tls(px.port("l0"), "domain3.example.com", List.of(), null, null)) {
                assertEquals("CN=upstream.test", peer(s));
                assertEquals("service-https", body(get(s, "/")));
            }
            // The example's client side: a second proxy that originates TLS with each SNI to the first.
            try (ProxyFixture client = run("tls-sni/envoy-client.yaml", Map.of("proxy", px.port("l0")), Map.of());
                 RawHttp c = RawHttp.connect(client.port("l0"))) {
                assertEquals("service-http0", c.get("/domain1").body());
                assertEquals("service-http1", c.get("/domain2").body());
                assertEquals("service-https", c.get("/domain3").body());
            }
        } finally {
            d1.delete();
            d2.delete();
        }
    }

    @Test
    void tlsInspectorRoutesByAlpnAndTransport() throws Exception {
        try (TestUpstream s1 = TestUpstream.startTls("service-https1", upstreamTls);
             TestUpstream s0 = TestUpstream.startTls("service-https0", upstreamTls);
             TestUpstream plain = TestUpstream.start("service-http");
             ProxyFixture px = run("tls-inspector/envoy.yaml",
                     Map.of("service-https1", s1.port(), "service-https0", s0.port(), "service-http", plain.port()),
                     Map.of())) {
            try (SSLSocket s = tls(px.port("l0"), "example.com", List.of("h2"), null, null)) {
                assertEquals("service-https1", body(get(s, "/")));
            }
            try (SSLSocket s = tls(px.port("l0"), "example.com", List.of("http/1.1"), null, null)) {
                assertEquals("service-https0", body(get(s, "/")));
            }
            try (RawHttp c = RawHttp.connect(px.port("l0"))) {
                assertEquals("service-http", c.get("/").body());
            }
        }
    }

    // ------------------------------------------------------------------ websocket/

    @Test
    void websocketPlain() throws Exception {
        try (WsEcho ws = new WsEcho(null);
             ProxyFixture px = run("websocket/envoy-ws.yaml", Map.of("service-ws", ws.port()), Map.of());
             Socket s = plain(px.port("l0"))) {
            assertEquals("echo:hello", wsExchange(s, "/ws", "hello"));
        }
    }

    @Test
    void websocketRouteUpgradesOnlyUnderWs() throws Exception {
        try (WsEcho ws = new WsEcho(null);
             ProxyFixture px = run("websocket/envoy-ws-route.yaml", Map.of("service-ws", ws.port()), Map.of())) {
            try (Socket s = plain(px.port("l0"))) {
                assertEquals("echo:hi", wsExchange(s, "/ws", "hi"));
            }
            try (RawHttp c = RawHttp.connect(px.port("l0"))) {
                assertEquals("NotWebSocket\n", c.get("/").body());
            }
        }
    }

    @Test
    void websocketOverTlsBothSides() throws Exception {
        try (WsEcho ws = new WsEcho(upstreamTls);
             ProxyFixture px = run("websocket/envoy-wss.yaml", Map.of("service-wss", ws.port()), Map.of());
             SSLSocket s = tls(px.port("l0"), null, List.of(), null, null)) {
            assertEquals("CN=front-envoy", peer(s));
            assertEquals("echo:secure", wsExchange(s, "/ws", "secure"));
        }
    }

    @Test
    void websocketTlsPassthrough() throws Exception {
        try (WsEcho ws = new WsEcho(upstreamTls);
             ProxyFixture px = run("websocket/envoy-wss-passthrough.yaml", Map.of("service-wss", ws.port()), Map.of());
             SSLSocket s = tls(px.port("l0"), null, List.of(), null, null)) {
            assertEquals("CN=upstream.test", peer(s));
            assertEquals("echo:through", wsExchange(s, "/ws", "through"));
        }
    }

    // ------------------------------------------------------------------ double-proxy/

    @Test
    void doubleProxyHttpFront() throws Exception {
        try (TestUpstream app = TestUpstream.start("app");
             ProxyFixture px = run("double-proxy/envoy.yaml", Map.of("app", app.port()), Map.of());
             RawHttp c = RawHttp.connect(px.port("l0"))) {
            assertEquals("app", c.get("/").body());
        }
    }

    @Test
    void doubleProxyMutualTlsTunnel(@TempDir Path dir) throws Exception {
        Map<String, String> certs = mutualTlsCertificates(dir);
        try (TcpTestServer postgres = TcpTestServer.echo();
             ProxyFixture backend = run("double-proxy/envoy-backend.yaml", Map.of("postgres", postgres.port()), certs);
             ProxyFixture frontend = run("double-proxy/envoy-frontend.yaml",
                     Map.of("proxy-postgres-backend.example.com", backend.port("postgres_listener")), certs);
             Socket s = plain(frontend.port("postgres_listener"))) {
            s.getOutputStream().write("SELECT 1;".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.shutdownOutput();
            assertEquals("SELECT 1;", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            // The backend refuses a client without a certificate from the CA.
            assertTrue(refused(backend.port("postgres_listener")));
        }
    }

    @Test
    void doubleProxyRefusesABackendWhoseNameDoesNotMatch(@TempDir Path dir) throws Exception {
        Map<String, String> certs = new HashMap<>(mutualTlsCertificates(dir));
        leaf(dir, "other", "other.example.com");
        Map<String, String> impostor = new HashMap<>(certs);
        impostor.put("certs/servercert.pem", dir.resolve("othercert.pem").toString());
        impostor.put("certs/serverkey.pem", dir.resolve("otherkey.pem").toString());
        try (TcpTestServer postgres = TcpTestServer.echo();
             ProxyFixture backend = run("double-proxy/envoy-backend.yaml", Map.of("postgres", postgres.port()), impostor);
             ProxyFixture frontend = run("double-proxy/envoy-frontend.yaml",
                     Map.of("proxy-postgres-backend.example.com", backend.port("postgres_listener")), certs);
             Socket s = plain(frontend.port("postgres_listener"))) {
            // Signed by the right CA, but not for proxy-postgres-backend.example.com: the frontend's handshake fails.
            s.getOutputStream().write("SELECT 1;".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.shutdownOutput();
            assertEquals("", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    // ------------------------------------------------------------------ loading and rewriting

    /** Loads an example as {@code proxyctl run} does, localizes it and starts it. */
    @SuppressWarnings("unchecked")
    static ProxyFixture run(String example, Map<String, Integer> hosts, Map<String, String> files)
            throws IOException, URISyntaxException {
        Path file = Path.of(EnvoyExamplesRunTest.class.getResource("/envoyproxy-examples/" + example).toURI());
        ValidationReport report = new ConfigValidator().validatePath(file.toString(), InputStream.nullInputStream());
        assertTrue(report.valid(), example + ": " + report.errors());
        Map<String, Object> tree = (Map<String, Object>) report.v3().root();
        localize(tree, hosts, files);
        return ProxyFixture.start(tree);
    }

    @SuppressWarnings("unchecked")
    static void localize(Map<String, Object> tree, Map<String, Integer> hosts, Map<String, String> files) {
        Object admin = tree.get("admin");
        if (admin instanceof Map<?, ?> a) {
            loopback((Map<String, Object>) a.get("address"), 0);
        }
        Map<String, Object> sr = (Map<String, Object>) tree.get("static_resources");
        int i = 0;
        for (Object o : (List<Object>) sr.getOrDefault("listeners", List.of())) {
            Map<String, Object> l = (Map<String, Object>) o;
            l.putIfAbsent("name", "l" + i++);
            loopback((Map<String, Object>) l.get("address"), 0);
        }
        for (Object o : (List<Object>) sr.getOrDefault("clusters", List.of())) {
            Map<String, Object> la = (Map<String, Object>) ((Map<String, Object>) o).get("load_assignment");
            for (Object e : (List<Object>) la.getOrDefault("endpoints", List.of())) {
                for (Object lb : (List<Object>) ((Map<String, Object>) e).getOrDefault("lb_endpoints", List.of())) {
                    Map<String, Object> addr = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) lb)
                            .get("endpoint")).get("address");
                    String host = (String) ((Map<String, Object>) addr.get("socket_address")).get("address");
                    Integer port = hosts.get(host);
                    assertTrue(port != null, "no test server for host " + host);
                    loopback(addr, port);
                }
            }
        }
        replaceFiles(tree, files);
    }

    @SuppressWarnings("unchecked")
    private static void loopback(Map<String, Object> address, int port) {
        Map<String, Object> sa = (Map<String, Object>) address.get("socket_address");
        sa.put("address", "127.0.0.1");
        sa.put("port_value", (long) port);
    }

    @SuppressWarnings("unchecked")
    private static void replaceFiles(Object node, Map<String, String> files) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            for (Map.Entry<String, Object> e : map.entrySet()) {
                if (e.getKey().equals("filename") && e.getValue() instanceof String f) {
                    assertTrue(files.containsKey(f), "no test certificate for " + f);
                    e.setValue(files.get(f));
                } else {
                    replaceFiles(e.getValue(), files);
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object o : l) {
                replaceFiles(o, files);
            }
        }
    }

    // ------------------------------------------------------------------ certificates for the double proxy

    /**
     * A CA and two certificates it signs, with the DNS SANs the double-proxy example expects, in the files its
     * configs name. openssl does the signing (the JDK has no public API for it).
     */
    static Map<String, String> mutualTlsCertificates(Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is needed to sign test certificates");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "cakey.pem", "-out", "cacert.pem",
                "-days", "2", "-subj", "/CN=test-ca");
        leaf(dir, "server", "proxy-postgres-backend.example.com");
        leaf(dir, "client", "proxy-postgres-frontend.example.com");
        Map<String, String> m = new HashMap<>();
        for (String f : List.of("cacert.pem", "servercert.pem", "serverkey.pem", "clientcert.pem", "clientkey.pem")) {
            m.put("certs/" + f, dir.resolve(f).toString());
        }
        return m;
    }

    private static void leaf(Path dir, String name, String dns) throws Exception {
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "key.pem", "-out", name + ".csr",
                "-subj", "/CN=" + dns);
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=DNS:" + dns + "\n");
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "cacert.pem", "-CAkey", "cakey.pem",
                "-CAcreateserial", "-out", name + "cert.pem", "-days", "2", "-extfile", name + ".ext");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
    }

    /** True when the backend listener refuses (or drops) a TLS client that presents no certificate. */
    private static boolean refused(int port) {
        try (SSLSocket s = tls(port, null, List.of(), null, null)) {
            s.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return s.getInputStream().read() < 0;
        } catch (IOException e) {
            return true;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ clients

    private static Socket plain(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** A TLS client that trusts any server (the tests check the peer's name instead). */
    static SSLSocket tls(int port, String sni, List<String> alpn, PrivateKey key, X509Certificate cert) throws Exception {
        KeyManager[] kms = null;
        if (key != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", key, "pw".toCharArray(), new Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "pw".toCharArray());
            kms = kmf.getKeyManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kms, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(10_000);
        SSLParameters p = s.getSSLParameters();
        if (sni != null) {
            p.setServerNames(List.of(new SNIHostName(sni)));
        }
        if (!alpn.isEmpty()) {
            p.setApplicationProtocols(alpn.toArray(String[]::new));
        }
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    private static String peer(SSLSocket s) throws IOException {
        return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    private static String get(Socket s, String path) throws IOException {
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static String body(String response) {
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    /** Upgrades {@code s} to a WebSocket on {@code path}, sends one text frame and returns the text answered. */
    private static String wsExchange(Socket s, String path, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertTrue(b >= 0, "closed during the upgrade: " + head);
            head.write(b);
        }
        assertTrue(head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101"), head.toString());
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | payload.length);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
        assertEquals(0x81, in.read());
        int len = in.read();
        return new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }

    /** A Netty WebSocket echo server (optionally TLS) answering "echo:" + text on any path under /. */
    private static final class WsEcho implements AutoCloseable {
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final Channel server;

        WsEcho(SslContext tls) {
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                    new WebSocketServerProtocolHandler("/", null, false, 65536, false, true),
                                    new ChannelInboundHandlerAdapter() {
                                        @Override
                                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                            if (msg instanceof TextWebSocketFrame f) {
                                                String t = f.text();
                                                f.release();
                                                ctx.writeAndFlush(new TextWebSocketFrame("echo:" + t));
                                            } else {
                                                ctx.fireChannelRead(msg);
                                            }
                                        }
                                    });
                        }
                    }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
        }

        int port() {
            return ((InetSocketAddress) server.localAddress()).getPort();
        }

        @Override
        public void close() {
            server.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
