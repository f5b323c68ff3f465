package io.proxyctl.config.model;

import java.util.List;

/** A virtual host: the domains it serves, its routes in order, and its header mutations. */
public record VirtualHost(String name, List<String> domains, List<Route> routes, HeaderMutations headers,
                          RequireTls requireTls) {
    public VirtualHost {
        domains = List.copyOf(domains);
        routes = List.copyOf(routes);
        headers = headers == null ? HeaderMutations.NONE : headers;
        requireTls = requireTls == null ? RequireTls.NONE : requireTls;
    }

    /** {@code require_tls}. */
    public enum RequireTls { NONE, EXTERNAL_ONLY, ALL }
}
