package io.proxyctl.config.model;

/**
 * {@code envoy.config.core.v3.Http2ProtocolOptions}: the parts the runtime applies, with Envoy's defaults.
 *
 * @param maxConcurrentStreams         streams a peer may open on one connection (default 2147483647)
 * @param initialStreamWindowSize      the per-stream flow-control window in bytes (default 268435456)
 * @param initialConnectionWindowSize  the connection flow-control window in bytes (default 268435456)
 */
public record Http2Options(long maxConcurrentStreams, int initialStreamWindowSize, int initialConnectionWindowSize) {
    public static final Http2Options DEFAULT = new Http2Options(2147483647L, 268435456, 268435456);
}
