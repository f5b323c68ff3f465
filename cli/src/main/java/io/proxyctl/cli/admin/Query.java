package io.proxyctl.cli.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An admin query string in the order parameters were added. Envoy's flag parameters ({@code usedonly},
 * {@code graceful}) carry no value and are written bare, as its docs show them.
 */
public final class Query {
    private final List<String[]> params = new ArrayList<>();

    public static Query of() {
        return new Query();
    }

    /** Adds {@code name=value}; a null value is skipped. */
    public Query add(String name, String value) {
        if (value != null) {
            params.add(new String[] {name, value});
        }
        return this;
    }

    /** Adds a bare flag parameter when {@code on}. */
    public Query flag(String name, boolean on) {
        if (on) {
            params.add(new String[] {name, null});
        }
        return this;
    }

    /** Returns a copy without the named parameter. */
    public Query without(String name) {
        Query q = new Query();
        for (String[] p : params) {
            if (!p[0].equals(name)) {
                q.params.add(p);
            }
        }
        return q;
    }

    /** {@code ""} or {@code "?a=b&c"}, percent-encoded (spaces as %20, which Envoy decodes). */
    @Override
    public String toString() {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("?");
        for (String[] p : params) {
            if (sb.length() > 1) {
                sb.append('&');
            }
            sb.append(encode(p[0]));
            if (p[1] != null) {
                sb.append('=').append(encode(p[1]));
            }
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
