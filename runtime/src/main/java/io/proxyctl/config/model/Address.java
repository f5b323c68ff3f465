package io.proxyctl.config.model;

import java.util.Objects;

/**
 * A {@code SocketAddress} (TCP): an IP literal or a DNS name, and a port (0 asks the OS for an ephemeral one).
 */
public record Address(String host, int port) {
    public Address {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host:port}, with IPv6 literals in brackets, as Envoy prints addresses. */
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** The form used in stat names: {@code 0.0.0.0_10000}. */
    public String statName() {
        return toString().replace(':', '_');
    }
}
