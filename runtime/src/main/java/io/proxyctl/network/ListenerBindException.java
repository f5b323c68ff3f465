package io.proxyctl.network;

/**
 * A listener could not bind. The message names the listener and the address, e.g.
 * {@code listener 'ingress': 0.0.0.0:10000 already in use}.
 */
public final class ListenerBindException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ListenerBindException(String message, Throwable cause) {
        super(message, cause);
    }
}
