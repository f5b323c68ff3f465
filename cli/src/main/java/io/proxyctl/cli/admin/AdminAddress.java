package io.proxyctl.cli.admin;

import io.proxyctl.cli.ProxyctlCommand.UsageException;

/**
 * Where an admin endpoint listens: a host (name, IPv4 or IPv6 literal) and a TCP port.
 *
 * @param host host name or IP literal, without brackets
 * @param port 1..65535
 */
public record AdminAddress(String host, int port) {
    /** Envoy's default admin port, as in every example config. */
    public static final AdminAddress DEFAULT = new AdminAddress("127.0.0.1", 9901);

    public AdminAddress {
        if (host == null || host.isEmpty()) {
            throw new UsageException("admin address has no host");
        }
        if (port < 1 || port > 65535) {
            throw new UsageException("admin port " + port + " is out of range 1..65535");
        }
    }

    /** Parses {@code host:port}, {@code [v6]:port} or a bare {@code port} (meaning 127.0.0.1). */
    public static AdminAddress parse(String s) {
        String t = s.trim();
        if (t.startsWith("http://")) {
            t = t.substring("http://".length());
        }
        if (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw new UsageException("invalid --address '" + s + "': expected [ipv6]:port");
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) {
            host = "127.0.0.1";
            port = t;
        } else {
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || t.indexOf(':') != colon) {
                throw new UsageException("invalid --address '" + s + "': expected host:port (IPv6 as [addr]:port)");
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
        }
        try {
            return new AdminAddress(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new UsageException("invalid --address '" + s + "': port '" + port + "' is not a number");
        }
    }

    /** The address to connect to for a listen address: wildcards mean "this machine". */
    public AdminAddress connectable() {
        if (host.equals("0.0.0.0")) {
            return new AdminAddress("127.0.0.1", port);
        }
        if (host.equals("::") || host.equals("::0")) {
            return new AdminAddress("::1", port);
        }
        return this;
    }

    /** The authority part of a URL, with brackets around IPv6 literals. */
    public String authority() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    @Override
    public String toString() {
        return authority();
    }
}
