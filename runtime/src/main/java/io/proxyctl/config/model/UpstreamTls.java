package io.proxyctl.config.model;

import java.util.List;

/**
 * {@code UpstreamTlsContext}.
 *
 * @param sni                 the SNI to send, or null/"" for none
 * @param alpnProtocols       ALPN protocols to offer
 * @param validation          the validation context, or null: then the upstream certificate is not verified
 * @param certificates        client certificates
 * @param minProtocolVersion  e.g. "TLSv1_2", or null for the default
 * @param maxProtocolVersion  e.g. "TLSv1_3", or null for the default
 * @param cipherSuites        cipher suites, empty for the default
 */
public record UpstreamTls(String sni, List<String> alpnProtocols, Validation validation,
                          List<Certificate> certificates, String minProtocolVersion, String maxProtocolVersion,
                          List<String> cipherSuites) {
    public static final String TYPE_URL = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext";

    public UpstreamTls {
        sni = sni == null ? "" : sni;
        alpnProtocols = List.copyOf(alpnProtocols);
        certificates = List.copyOf(certificates);
        cipherSuites = List.copyOf(cipherSuites);
    }

    /**
     * {@code validation_context}: CA bundle to verify the peer against, and the subject alternative names one of
     * which the peer's certificate must carry.
     *
     * @param trustedCa   the CA certificates, or null: the JDK's default trust store is used
     * @param sanMatchers {@code match_typed_subject_alt_names} and the deprecated {@code match_subject_alt_names};
     *                    empty accepts any name
     */
    public record Validation(DataSource trustedCa, List<SanMatcher> sanMatchers) {
        public Validation {
            sanMatchers = List.copyOf(sanMatchers);
        }

        public Validation(DataSource trustedCa) {
            this(trustedCa, List.of());
        }
    }

    /**
     * One subject alternative name condition.
     *
     * @param sanType DNS, EMAIL, URI or IP_ADDRESS; null for the deprecated untyped form, which tries all four
     * @param matcher the condition on the name
     */
    public record SanMatcher(String sanType, StringMatcher matcher) {
    }

    /** {@code tls_certificates} entry: PEM chain and PKCS#8 key. */
    public record Certificate(DataSource certificateChain, DataSource privateKey, DataSource password) {
    }
}
