package io.proxyctl.upstream;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.proxyctl.config.model.UpstreamTls;
import io.proxyctl.transport.TlsProvider;
import io.proxyctl.transport.TlsVersions;
import java.io.ByteArrayInputStream;
import javax.net.ssl.SSLException;

/**
 * Builds the client {@link SslContext} of a cluster from its {@code UpstreamTlsContext}, once. As in Envoy, the
 * upstream certificate is verified only against a configured {@code validation_context.trusted_ca} and the host
 * name is not checked; TLS 1.2 is both the default minimum and maximum for upstream connections.
 */
final class UpstreamTlsFactory {
    private UpstreamTlsFactory() {
    }

    static SslContext create(UpstreamTls tls, String cluster) {
        String where = "cluster '" + cluster + "' tls";
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(TlsProvider.provider())
                .endpointIdentificationAlgorithm(null);
        if (tls.validation() != null && tls.validation().trustedCa() != null) {
            b.trustManager(SanVerifyingTrustManager.create(DataSources.read(tls.validation().trustedCa(),
                    where + " trusted_ca"), tls.validation().sanMatchers(), where));
        } else if (tls.validation() == null || tls.validation().trustedCa() == null) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        if (!tls.certificates().isEmpty()) {
            UpstreamTls.Certificate c = tls.certificates().get(0);
            if (c.certificateChain() == null || c.privateKey() == null) {
                throw new IllegalArgumentException(where + ": tls_certificates needs certificate_chain and private_key");
            }
            String password = c.password() == null ? null : new String(DataSources.read(c.password(), where + " password"),
                    java.nio.charset.StandardCharsets.UTF_8);
            b.keyManager(new ByteArrayInputStream(DataSources.read(c.certificateChain(), where + " certificate_chain")),
                    new ByteArrayInputStream(DataSources.read(c.privateKey(), where + " private_key")), password);
        }
        b.protocols(TlsVersions.range(tls.minProtocolVersion(), tls.maxProtocolVersion(), TlsVersions.CLIENT_DEFAULT));
        if (!tls.cipherSuites().isEmpty()) {
            b.ciphers(tls.cipherSuites());
        }
        if (!tls.alpnProtocols().isEmpty()) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, tls.alpnProtocols()));
        }
        try {
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
