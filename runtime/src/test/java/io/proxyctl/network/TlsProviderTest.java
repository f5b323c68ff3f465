package io.proxyctl.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.proxyctl.admin.ServerIdentity;
import io.proxyctl.server.ProxyStartException;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.transport.TlsProvider;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** BoringSSL (netty-tcnative) where it loads, the JDK provider on request, both serving real handshakes. */
@ExtendWith(LeakCheckExtension.class)
class TlsProviderTest {
    private static final String PROPERTY = "proxyctl.tls.provider";

    @BeforeAll
    static void certificates() throws Exception {
        DownstreamTlsTest.certificates();
    }

    @AfterAll
    static void cleanup() {
        DownstreamTlsTest.cleanup();
    }

    @AfterEach
    void clear() {
        System.clearProperty(PROPERTY);
    }

    private static String tls() {
        return "common_tls_context:\n  tls_certificates: [ " + DownstreamTlsTest.files(DownstreamTlsTest.server)
                + " ]\n  alpn_protocols: [ http/1.1 ]\n  tls_params: { cipher_suites: [ ECDHE-RSA-AES128-GCM-SHA256, "
                + "ECDHE-ECDSA-AES128-GCM-SHA256 ] }\n";
    }

    @Test
    void boringSslIsTheDefaultOnLinuxAndServesTls() throws Exception {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean shipped = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
        if (shipped) {
            assertTrue(OpenSsl.isAvailable(), "netty-tcnative did not load: " + OpenSsl.unavailabilityCause());
        }
        assertEquals(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK, TlsProvider.provider());
        assertTrue(ServerIdentity.version().endsWith("/" + TlsProvider.libraryName()), ServerIdentity.version());
        try (ProxyFixture px = ProxyFixture.start(DownstreamTlsTest.config(tls(), DownstreamTlsTest.DIRECT_HCM, ""))) {
            assertTrue(px.log.stream().anyMatch(l -> l.contains("TLS termination with " + TlsProvider.describe())),
                    px.log.toString());
            try (SSLSocket s = DownstreamTlsTest.connect(px.port("tls"), null, List.of("http/1.1"), "TLSv1.2")) {
                assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", s.getSession().getCipherSuite());
                assertTrue(DownstreamTlsTest.get(s).endsWith("tls ok"));
            }
        }
    }

    @Test
    void theJdkProviderCanBeForced() throws Exception {
        System.setProperty(PROPERTY, "jdk");
        assertEquals(SslProvider.JDK, TlsProvider.provider());
        assertTrue(ServerIdentity.version().endsWith("/JDK"), ServerIdentity.version());
        String jdkCiphers = "common_tls_context:\n  tls_certificates: [ " + DownstreamTlsTest.files(DownstreamTlsTest.server)
                + " ]\n";
        try (ProxyFixture px = ProxyFixture.start(DownstreamTlsTest.config(jdkCiphers, DownstreamTlsTest.DIRECT_HCM, ""))) {
            assertTrue(px.log.stream().anyMatch(l -> l.contains("TLS termination with JDK ")), px.log.toString());
            try (SSLSocket s = DownstreamTlsTest.connect(px.port("tls"), null, List.of())) {
                assertTrue(DownstreamTlsTest.get(s).endsWith("tls ok"));
            }
        }
    }

    @Test
    void anUnknownProviderIsAStartUpErrorNamingTheProperty() {
        System.setProperty(PROPERTY, "rot13");
        ProxyStartException e = assertThrows(ProxyStartException.class,
                () -> ProxyFixture.start(DownstreamTlsTest.config(tls(), DownstreamTlsTest.DIRECT_HCM, "")));
        assertTrue(e.getMessage().contains("-Dproxyctl.tls.provider=rot13: expected jdk or openssl"), e.getMessage());
    }
}
