package io.proxyctl.config.model;

import java.time.Duration;

/**
 * Upstream HTTP protocol options ({@code typed_extension_protocol_options} HttpProtocolOptions or the deprecated
 * cluster fields).
 *
 * @param idleTimeout              close idle pooled connections after this long (default 1 h; zero disables)
 * @param maxRequestsPerConnection close a connection after this many requests (0 = unlimited)
 * @param http2                    the config asks for HTTP/2 upstream (not implemented: HTTP/1.1 is used)
 * @param maxHeadersCount          responses with more headers are a protocol error (default 100)
 */
public record UpstreamHttpOptions(Duration idleTimeout, int maxRequestsPerConnection, boolean http2,
                                  int maxHeadersCount) {
    public static final UpstreamHttpOptions DEFAULT = new UpstreamHttpOptions(Duration.ofHours(1), 0, false, 100);
}
