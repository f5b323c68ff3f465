package io.proxyctl.network;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.proxyctl.config.model.DownstreamTls;
import io.proxyctl.config.model.UpstreamTls;
import io.proxyctl.transport.TlsProvider;
import io.proxyctl.transport.TlsVersions;
import io.proxyctl.upstream.DataSources;
import io.proxyctl.upstream.SanVerifyingTrustManager;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Builds the server {@link SslContext} of a filter chain from its {@code DownstreamTlsContext}, once, with the
 * provider {@link TlsProvider} chooses (BoringSSL when it loads, else the JDK's). Envoy's downstream defaults: TLS 1.2 to 1.3; a
 * configured {@code trusted_ca} makes client certificates verified when presented, and mandatory with
 * {@code require_client_certificate}.
 */
public final class ServerTlsContexts {
    private ServerTlsContexts() {
    }

    /**
     * @param alpn the ALPN protocols to offer (the config's list, possibly narrowed by the caller)
     * @throws IllegalArgumentException naming {@code where} for unreadable or invalid certificates and parameters
     */
    public static SslContext create(DownstreamTls tls, List<String> alpn, String where) {
        if (tls.certificates().isEmpty()) {
            throw new IllegalArgumentException(where + ": DownstreamTlsContext has no tls_certificates");
        }
        UpstreamTls.Certificate c = tls.certificates().get(0);
        if (c.certificateChain() == null || c.privateKey() == null) {
            throw new IllegalArgumentException(where + ": tls_certificates needs certificate_chain and private_key");
        }
        String password = c.password() == null ? null
                : new String(DataSources.read(c.password(), where + " password"), StandardCharsets.UTF_8);
        try {
            SslContextBuilder b = SslContextBuilder.forServer(
                    new ByteArrayInputStream(DataSources.read(c.certificateChain(), where + " certificate_chain")),
                    new ByteArrayInputStream(DataSources.read(c.privateKey(), where + " private_key")), password)
                    .sslProvider(TlsProvider.provider());
            if (tls.validation() != null && tls.validation().trustedCa() != null) {
                b.trustManager(SanVerifyingTrustManager.create(DataSources.read(tls.validation().trustedCa(),
                        where + " trusted_ca"), tls.validation().sanMatchers(), where));
                b.clientAuth(tls.requireClientCertificate() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
            } else if (tls.requireClientCertificate()) {
                throw new IllegalArgumentException(where + ": require_client_certificate needs validation_context.trusted_ca");
            }
            b.protocols(TlsVersions.range(tls.minProtocolVersion(), tls.maxProtocolVersion(), TlsVersions.SERVER_DEFAULT));
            if (!tls.cipherSuites().isEmpty()) {
                b.ciphers(tls.cipherSuites());
            }
            if (!alpn.isEmpty()) {
                b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(m != null && m.startsWith(where) ? m : where + ": " + firstLine(e), e);
        }
    }

    private static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() != null && t.getMessage().equals(String.valueOf(t.getCause()))) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
