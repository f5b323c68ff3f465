package io.proxyctl.cli.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** Converts {@code envoy.config.core.v3.Address} JSON to {@code ip:port} text and back. */
final class Addresses {
    private Addresses() {
    }

    /** {@code 10.0.0.1:80}, {@code [::1]:80}, a pipe path, {@code envoy://listener}; "" when absent. */
    static String format(Object address) {
        Object sa = Tree.field(address, "socket_address");
        if (sa != null) {
            String ip = Tree.str(Tree.field(sa, "address"));
            Object port = Tree.field(sa, "port_value");
            String p = port != null ? Tree.str(port) : Tree.str(Tree.field(sa, "named_port"));
            if (p.isEmpty()) {
                p = "0";
            }
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + p;
        }
        Object pipe = Tree.field(address, "pipe");
        if (pipe != null) {
            return Tree.str(Tree.field(pipe, "path"));
        }
        Object internal = Tree.field(address, "envoy_internal_address");
        if (internal != null) {
            return "envoy://" + Tree.str(Tree.field(internal, "server_listener_name"));
        }
        return "";
    }

    /** The reverse of {@link #format} for {@code ip:port} and paths, as Envoy's JSON writes addresses. */
    static Map<String, Object> toJson(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (text.startsWith("envoy://")) {
            out.put("envoy_internal_address", Map.of("server_listener_name", text.substring("envoy://".length())));
            return out;
        }
        int colon = text.lastIndexOf(':');
        if (text.startsWith("/") || text.startsWith("@") || colon <= 0) {
            out.put("pipe", Map.of("path", text));
            return out;
        }
        String ip = text.substring(0, colon);
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        Map<String, Object> sa = new LinkedHashMap<>();
        sa.put("address", ip);
        try {
            sa.put("port_value", Long.parseLong(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            sa.put("named_port", text.substring(colon + 1));
        }
        out.put("socket_address", sa);
        return out;
    }
}
