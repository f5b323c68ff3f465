package io.proxyctl.admin;

import java.util.List;
import java.util.Map;

/**
 * An admin request, already fully read.
 *
 * @param method  e.g. GET, POST
 * @param path    the path without the query string
 * @param params  decoded query parameters (for a form-encoded POST without a query string, the body's)
 * @param headers request headers (lower-case names, first value)
 * @param body    the request body
 */
public record AdminRequest(String method, String path, Map<String, List<String>> params, Map<String, String> headers,
                           byte[] body) {
    public AdminRequest {
        params = Map.copyOf(params);
        headers = Map.copyOf(headers);
    }

    /** The first value of a query parameter, or null. */
    public String param(String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Whether the parameter is present, with or without a value ({@code ?usedonly}). */
    public boolean has(String name) {
        return params.containsKey(name);
    }
}
