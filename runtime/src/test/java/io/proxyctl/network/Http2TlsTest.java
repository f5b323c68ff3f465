package io.proxyctl.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static io.proxyctl.network.DownstreamTlsTest.DIRECT_HCM;
import static io.proxyctl.network.DownstreamTlsTest.config;
import static io.proxyctl.network.DownstreamTlsTest.connect;
import static io.proxyctl.network.DownstreamTlsTest.files;
import static io.proxyctl.network.DownstreamTlsTest.get;
import static io.proxyctl.network.DownstreamTlsTest.server;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.proxyctl.testing.H2Client;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP/2 over TLS on a listener whose connection manager has codec_type AUTO: ALPN picks h2 or http/1.1, and a
 * client that offers no ALPN still gets HTTP/1.1. Certificates come from {@link DownstreamTlsTest}.
 */
@ExtendWith(LeakCheckExtension.class)
class Http2TlsTest {
    @BeforeAll
    static void certificates() throws Exception {
        DownstreamTlsTest.certificates();
    }

    @AfterAll
    static void cleanup() {
        DownstreamTlsTest.cleanup();
    }

    private static final String ALPN = "common_tls_context:\n  tls_certificates: [ %s ]\n  alpn_protocols: [ h2, http/1.1 ]\n";

    static SslContext h2Client() throws Exception {
        return SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "h2", "http/1.1")).build();
    }

    @Test
    void alpnSelectsH2OrHttp11AndNoAlpnMeansHttp11() throws Exception {
        try (ProxyFixture px = ProxyFixture.start(config(ALPN.formatted(files(server)), DIRECT_HCM, ""))) {
            try (H2Client c = H2Client.connectTls(px.port("tls"), h2Client())) {
                assertEquals("h2", c.alpn);
                H2Client.Response r = c.get("/");
                assertEquals(200, r.status());
                assertEquals("tls ok", r.bodyString());
            }
            try (SSLSocket s = connect(px.port("tls"), null, List.of("http/1.1"))) {
                assertEquals("http/1.1", s.getApplicationProtocol());
                String r = get(s);
                assertTrue(r.startsWith("HTTP/1.1 200") && r.endsWith("tls ok"), r);
            }
            try (SSLSocket s = connect(px.port("tls"), null, List.of())) {
                String r = get(s);
                assertTrue(r.startsWith("HTTP/1.1 200") && r.endsWith("tls ok"), r);
            }
            assertEquals(1, px.stat("http.https.downstream_cx_http2_total"));
            assertEquals(2, px.stat("http.https.downstream_cx_http1_total"));
            assertEquals(1, px.stat("http.https.downstream_rq_http2_total"));
        }
    }

    @Test
    void curlSpeaksH2OverTlsAndH2cWithPriorKnowledge() throws Exception {
        assumeTrue(curlHasHttp2(), "curl with HTTP/2 is not installed");
        try (ProxyFixture px = ProxyFixture.start(config(ALPN.formatted(files(server)), DIRECT_HCM, ""))) {
            String out = curl("-sk", "--http2", "-w", " %{http_version}", "https://127.0.0.1:" + px.port("tls") + "/");
            assertEquals("tls ok 2", out);
        }
        String plain = config("", DIRECT_HCM, "").replace("""
                    - transport_socket:
                        name: envoy.transport_sockets.tls
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext
                      filters:
                """, "    - filters:\n");
        try (ProxyFixture px = ProxyFixture.start(plain)) {
            // One URL per run: curl 7.88 fails a second request on a reused h2c connection to any Netty server.
            for (int i = 0; i < 2; i++) {
                String out = curl("-s", "--http2-prior-knowledge", "-w", " %{http_version}",
                        "http://127.0.0.1:" + px.port("tls") + "/");
                assertEquals("tls ok 2", out);
            }
            assertEquals(2, px.stat("http.https.downstream_cx_http2_total"));
            assertEquals(2, px.stat("http.https.downstream_rq_http2_total"));
        }
    }

    static boolean curlHasHttp2() {
        try {
            Process p = new ProcessBuilder("curl", "-V").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return v.contains("HTTP2");
        } catch (Exception e) {
            return false;
        }
    }

    static String curl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "--max-time", "10"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(15, TimeUnit.SECONDS));
        return out;
    }
}
