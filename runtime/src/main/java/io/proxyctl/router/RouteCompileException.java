package io.proxyctl.router;

/** A route configuration cannot be compiled (bad regex, unreadable direct-response file, bad header format). */
public final class RouteCompileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RouteCompileException(String message) {
        super(message);
    }

    public RouteCompileException(String message, Throwable cause) {
        super(message, cause);
    }
}
