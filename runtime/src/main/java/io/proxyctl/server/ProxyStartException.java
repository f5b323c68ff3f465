package io.proxyctl.server;

/**
 * The server could not start. The message is one line meant for the user, e.g.
 * {@code listener 'ingress': 0.0.0.0:10000 already in use}; nothing stays bound after it is thrown.
 */
public final class ProxyStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProxyStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when a listener (or the admin listener) could not bind. */
    public boolean isBindFailure() {
        return getCause() instanceof io.proxyctl.network.ListenerBindException;
    }
}
