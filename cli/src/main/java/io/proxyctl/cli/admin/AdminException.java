package io.proxyctl.cli.admin;

/**
 * A request to the admin endpoint failed, or its reply is not what an Envoy admin API sends. The message is one
 * line and names the address or request; the command prints it after {@code proxyctl admin:} and exits 1.
 */
public final class AdminException extends RuntimeException {
    public AdminException(String message) {
        super(message);
    }
}
