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
     * {@code validation_context}: CA bundle to verify the upstream against.
     *
     * @param trustedCa the CA certificates, or null: the JDK's default trust store is used
     */
    public record Validation(DataSource trustedCa) {
    }

    /** {@code tls_certificates} entry: PEM chain and PKCS#8 key. */
    public record Certificate(DataSource certificateChain, DataSource privateKey, DataSource password) {
    }
}
