package io.proxyctl.config.model;

import java.util.List;

/**
 * {@code DownstreamTlsContext}: how a filter chain terminates TLS.
 *
 * @param certificates              server certificates (the runtime serves the first)
 * @param alpnProtocols             ALPN protocols offered, in preference order
 * @param validation                client certificate validation, or null
 * @param requireClientCertificate  whether a client certificate is mandatory (mTLS)
 * @param minProtocolVersion        e.g. "TLSv1_2", or null for the default (TLS 1.2)
 * @param maxProtocolVersion        e.g. "TLSv1_3", or null for the default (TLS 1.3)
 * @param cipherSuites              cipher suites, empty for the default
 */
public record DownstreamTls(List<UpstreamTls.Certificate> certificates, List<String> alpnProtocols,
                            UpstreamTls.Validation validation, boolean requireClientCertificate,
                            String minProtocolVersion, String maxProtocolVersion, List<String> cipherSuites) {
    public static final String TYPE_URL = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext";

    public DownstreamTls {
        certificates = List.copyOf(certificates);
        alpnProtocols = List.copyOf(alpnProtocols);
        cipherSuites = List.copyOf(cipherSuites);
    }
}
