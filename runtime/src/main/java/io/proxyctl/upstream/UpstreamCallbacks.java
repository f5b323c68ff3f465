package io.proxyctl.upstream;

/**
 * The owner of an upstream exchange (the HTTP stream): told when its connection is ready or failed, and handed
 * everything the connection receives while bound to it. All calls happen on the connection's event loop, which
 * is the downstream connection's loop.
 */
public interface UpstreamCallbacks {
    /** Why a connection could not be established. */
    enum ConnectFailure { CONNECTION_FAILURE, TIMEOUT }

    /** The connection is established (TLS handshake done) and bound to this owner. */
    void onUpstreamReady(UpstreamConnection connection);

    /** No connection could be established; {@code detail} describes the transport failure. */
    void onUpstreamConnectFailure(ConnectFailure failure, String detail);

    /** A decoded response message (HttpResponse, HttpContent) or, after an upgrade, a raw ByteBuf; ownership passes. */
    void onUpstreamMessage(Object msg);

    void onUpstreamReadComplete();

    void onUpstreamWritabilityChanged(boolean writable);

    /** The connection closed while bound; {@code cause} is the error that closed it, or null for a clean close. */
    void onUpstreamClosed(Throwable cause);
}
