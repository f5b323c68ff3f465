package io.proxyctl.config.model;

import java.util.List;

/**
 * A filter chain: the network filters that serve a connection matched by {@link #match()}.
 *
 * @param name            the chain name, or ""
 * @param match           the match criteria ({@link FilterChainMatch#ANY} when absent)
 * @param filters         network filters; the last one is terminal
 * @param transportSocket the transport socket (TLS), or null for plain TCP
 */
public record FilterChain(String name, FilterChainMatch match, List<NetworkFilter> filters,
                          TransportSocket transportSocket) {
    public FilterChain {
        filters = List.copyOf(filters);
        match = match == null ? FilterChainMatch.ANY : match;
        name = name == null ? "" : name;
    }
}
