package io.proxyctl.upstream;

import io.proxyctl.config.model.StringMatcher;
import io.proxyctl.config.model.UpstreamTls;
import io.proxyctl.router.StringMatch;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A {@code validation_context} as a trust manager: the peer's chain must verify against {@code trusted_ca}, and
 * when {@code match_typed_subject_alt_names} (or the deprecated {@code match_subject_alt_names}) is set, one of
 * the leaf certificate's subject alternative names must satisfy one of the matchers, as Envoy's default
 * certificate validator requires. An exact DNS matcher follows DNS rules: case-insensitive, and a wildcard name
 * in the certificate ({@code *.example.com}) covers one label.
 */
public final class SanVerifyingTrustManager extends X509ExtendedTrustManager {
    private static final int EMAIL = 1;
    private static final int DNS = 2;
    private static final int URI = 6;
    private static final int IP = 7;

    private final X509ExtendedTrustManager delegate;
    private final List<Rule> rules;
    private final String where;

    private SanVerifyingTrustManager(X509ExtendedTrustManager delegate, List<Rule> rules, String where) {
        this.delegate = delegate;
        this.rules = rules;
        this.where = where;
    }

    /**
     * The trust manager of a validation context.
     *
     * @param caPem    the {@code trusted_ca} PEM bundle
     * @param matchers the subject alternative name conditions (empty: any name)
     * @param where    names the config element in errors
     */
    public static TrustManager create(byte[] caPem, List<UpstreamTls.SanMatcher> matchers, String where) {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(caPem))) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException(where + " trusted_ca: no certificate found");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            X509ExtendedTrustManager delegate = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    delegate = x;
                }
            }
            if (delegate == null) {
                throw new IllegalStateException("no X509ExtendedTrustManager in the JDK");
            }
            List<Rule> rules = new ArrayList<>();
            for (UpstreamTls.SanMatcher m : matchers) {
                rules.add(new Rule(types(m.sanType(), where), m.matcher(), new StringMatch(m.matcher(), where)));
            }
            return new SanVerifyingTrustManager(delegate, List.copyOf(rules), where);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException(where + " trusted_ca: " + e.getMessage(), e);
        }
    }

    private static int[] types(String sanType, String where) {
        if (sanType == null) {
            return new int[] {DNS, EMAIL, URI, IP};
        }
        return switch (sanType.toUpperCase(Locale.ROOT)) {
            case "DNS" -> new int[] {DNS};
            case "EMAIL" -> new int[] {EMAIL};
            case "URI" -> new int[] {URI};
            case "IP_ADDRESS" -> new int[] {IP};
            // OTHER_NAME needs an oid and ASN.1 decoding; a matcher of a type that cannot match accepts nothing.
            default -> new int[0];
        };
    }

    private void checkNames(X509Certificate[] chain) throws CertificateException {
        if (rules.isEmpty()) {
            return;
        }
        Collection<List<?>> names;
        try {
            names = chain[0].getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new CertificateException(where + ": unreadable subject alternative names", e);
        }
        if (names != null) {
            for (List<?> n : names) {
                if (n.size() >= 2 && n.get(0) instanceof Integer type && n.get(1) instanceof String value) {
                    for (Rule r : rules) {
                        if (r.matches(type, value)) {
                            return;
                        }
                    }
                }
            }
        }
        throw new CertificateException(where + ": the peer certificate has no subject alternative name that matches");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
        checkNames(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
        checkNames(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
        checkNames(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
        checkNames(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
        checkNames(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        checkNames(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    /** One matcher and the name types it applies to. */
    private record Rule(int[] types, StringMatcher config, StringMatch match) {
        boolean matches(int type, String value) {
            for (int t : types) {
                if (t == type) {
                    if (type == DNS && config.kind() == StringMatcher.Kind.EXACT) {
                        return dnsNameMatch(config.value(), value);
                    }
                    return match.matches(value);
                }
            }
            return false;
        }
    }

    /** Envoy's {@code Utility::dnsNameMatch}: {@code pattern} is the certificate's name, possibly a wildcard. */
    static boolean dnsNameMatch(String name, String pattern) {
        String n = name.toLowerCase(Locale.ROOT);
        String p = pattern.toLowerCase(Locale.ROOT);
        if (n.equals(p)) {
            return true;
        }
        if (p.length() > 2 && p.startsWith("*.")) {
            int dot = n.indexOf('.');
            return dot > 0 && n.substring(dot).equals(p.substring(1));
        }
        return false;
    }
}
