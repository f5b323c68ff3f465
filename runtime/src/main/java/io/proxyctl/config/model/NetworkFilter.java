package io.proxyctl.config.model;

/** A network filter of a filter chain: {@link HttpConnectionManager}, {@link TcpProxy} or an {@link Opaque} one. */
public sealed interface NetworkFilter permits HttpConnectionManager, TcpProxy, NetworkFilter.Opaque {
    /** The filter's {@code name}. */
    String name();

    /** A filter whose type the runtime does not implement; kept so lint and {@code run} can name it. */
    record Opaque(String name, String typeUrl) implements NetworkFilter {
    }
}
