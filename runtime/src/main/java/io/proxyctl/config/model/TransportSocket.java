package io.proxyctl.config.model;

/**
 * A {@code transport_socket}: its name, the {@code @type} of its config and, for the types the runtime knows,
 * the bound config ({@link UpstreamTls} for clusters, {@link DownstreamTls} for filter chains); otherwise
 * {@code config} is null.
 */
public record TransportSocket(String name, String typeUrl, Object config) {
    public static final String RAW_BUFFER = "type.googleapis.com/envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer";

    /** True for plain TCP ({@code raw_buffer}). */
    public boolean isRawBuffer() {
        return RAW_BUFFER.equals(typeUrl) || "envoy.transport_sockets.raw_buffer".equals(name) && typeUrl == null;
    }
}
