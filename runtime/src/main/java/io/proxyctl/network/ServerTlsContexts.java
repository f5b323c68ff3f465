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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
     * The server TLS of a filter chain: one {@link SslContext} per configured certificate, with identical settings.
     * With several certificates Envoy picks one per connection by the client's SNI: a certificate whose DNS
     * subject alternative names (or, without any, whose common name) equal the server name, else one with a
     * matching {@code *.suffix} wildcard, else the first certificate; earlier certificates win ties.
     *
     * @param first      the first certificate's context: the only one, or the one for no or an unmatched SNI
     * @param byName     exact server names to contexts ({@code null} with a single certificate)
     * @param byWildcard {@code *.suffix} patterns, keyed by {@code .suffix}, to contexts
     */
    public record ServerTls(SslContext first, Map<String, SslContext> byName,
                            Map<String, SslContext> byWildcard) {
        /** Whether the certificate depends on the client's SNI. */
        public boolean bySni() {
            return byName != null;
        }

        /** The context for a ClientHello's server name ({@code null}: none sent). */
        public SslContext select(String sni) {
            if (sni == null || byName == null) {
                return first;
            }
            String host = sni.toLowerCase(Locale.ROOT);
            SslContext exact = byName.get(host);
            if (exact != null) {
                return exact;
            }
            int dot = host.indexOf('.');
            SslContext wild = dot < 0 ? null : byWildcard.get(host.substring(dot));
            return wild != null ? wild : first;
        }
    }

    /**
     * @param alpn the ALPN protocols to offer (the config's list, possibly narrowed by the caller)
     * @throws IllegalArgumentException naming {@code where} for unreadable or invalid certificates and parameters
     */
    public static ServerTls create(DownstreamTls tls, List<String> alpn, String where) {
        if (tls.certificates().isEmpty()) {
            throw new IllegalArgumentException(where + ": DownstreamTlsContext has no tls_certificates");
        }
        List<UpstreamTls.Certificate> certs = tls.certificates();
        if (certs.size() == 1) {
            return new ServerTls(create(tls, certs.get(0), chain(certs.get(0), where), alpn, where), null, null);
        }
        Map<String, SslContext> byName = new HashMap<>();
        Map<String, SslContext> byWildcard = new HashMap<>();
        SslContext first = null;
        for (int i = 0; i < certs.size(); i++) {
            String at = where + " tls_certificates[" + i + "]";
            byte[] chain = chain(certs.get(i), at);
            SslContext ctx = create(tls, certs.get(i), chain, alpn, at);
            first = first == null ? ctx : first;
            for (String name : serverNames(chain, at)) {
                if (name.startsWith("*.")) {
                    byWildcard.putIfAbsent(name.substring(1), ctx);
                } else {
                    byName.putIfAbsent(name, ctx);
                }
            }
        }
        return new ServerTls(first, Map.copyOf(byName), Map.copyOf(byWildcard));
    }

    /** The names a leaf certificate serves: its DNS subject alternative names, or its common name without any. */
    static List<String> serverNames(byte[] pemChain, String where) {
        try {
            java.security.cert.X509Certificate leaf = (java.security.cert.X509Certificate)
                    java.security.cert.CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(pemChain));
            List<String> dns = new ArrayList<>();
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        dns.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
            if (!dns.isEmpty()) {
                return dns;
            }
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(
                    leaf.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return List.of(String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT));
                }
            }
            return List.of();
        } catch (java.security.cert.CertificateException | javax.naming.InvalidNameException e) {
            throw new IllegalArgumentException(where + ": certificate_chain: " + firstLine(e), e);
        }
    }

    private static byte[] chain(UpstreamTls.Certificate c, String where) {
        if (c.certificateChain() == null || c.privateKey() == null) {
            throw new IllegalArgumentException(where + ": tls_certificates needs certificate_chain and private_key");
        }
        return DataSources.read(c.certificateChain(), where + " certificate_chain");
    }

    private static SslContext create(DownstreamTls tls, UpstreamTls.Certificate c, byte[] chain, List<String> alpn,
                                     String where) {
        String password = c.password() == null ? null
                : new String(DataSources.read(c.password(), where + " password"), StandardCharsets.UTF_8);
        try {
            SslContextBuilder b = SslContextBuilder.forServer(
                    new ByteArrayInputStream(chain),
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
