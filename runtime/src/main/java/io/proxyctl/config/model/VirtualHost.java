package io.proxyctl.config.model;

import java.util.List;

/** A virtual host: the domains it serves, its routes in order, and its header mutations. * @param retryPolicy the virtual host's retry_policy (used by routes without their own), or null
 */
public record VirtualHost(String name, List<String> domains, List<Route> routes, HeaderMutations headers,
                          RequireTls requireTls, RetryPolicy retryPolicy) {
    public VirtualHost {
        domains = List.copyOf(domains);
        routes = List.copyOf(routes);
        headers = headers == null ? HeaderMutations.NONE : headers;
        requireTls = requireTls == null ? RequireTls.NONE : requireTls;
    }

    /** {@code require_tls}. */
    public enum RequireTls { NONE, EXTERNAL_ONLY, ALL }
}
