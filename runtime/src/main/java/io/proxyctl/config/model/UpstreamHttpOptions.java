package io.proxyctl.config.model;

import java.time.Duration;

/**
 * Upstream HTTP protocol options ({@code typed_extension_protocol_options} HttpProtocolOptions or the deprecated
 * cluster fields).
 *
 * @param idleTimeout              close idle pooled connections after this long (default 1 h; zero disables)
 * @param maxRequestsPerConnection close a connection after this many requests (0 = unlimited)
 * @param http2                    HTTP/2 to the upstream (explicit_http_config http2_protocol_options or the
 *                                 deprecated cluster http2_protocol_options)
 * @param maxHeadersCount          responses with more headers are a protocol error (default 100)
 * @param useDownstreamProtocol    {@code use_downstream_protocol_config}: HTTP/2 upstream for HTTP/2 clients
 * @param http2Options             the HTTP/2 options used when the upstream speaks HTTP/2
 */
public record UpstreamHttpOptions(Duration idleTimeout, int maxRequestsPerConnection, boolean http2,
                                  int maxHeadersCount, boolean useDownstreamProtocol, Http2Options http2Options) {
    public static final UpstreamHttpOptions DEFAULT = new UpstreamHttpOptions(Duration.ofHours(1), 0, false, 100,
            false, Http2Options.DEFAULT);

    public UpstreamHttpOptions {
        http2Options = http2Options == null ? Http2Options.DEFAULT : http2Options;
    }
}
