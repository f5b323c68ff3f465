package io.proxyctl.config.model;

import java.util.List;
import java.util.Objects;

/**
 * A listener: one bound socket and the filter chains that serve its connections.
 *
 * @param name                          the listener name (the address when the config gives none)
 * @param address                       where to bind
 * @param statPrefix                    {@code stat_prefix}, or null to root stats at {@code listener.<address>.}
 * @param filterChains                  candidate chains, selected by {@link FilterChainMatch}
 * @param defaultFilterChain            the chain used when none matches, or null
 * @param perConnectionBufferLimitBytes the per-connection buffer limit, or null for the default
 * @param tcpBacklogSize                the accept backlog, or null for the default
 * @param accessLog                     listener access loggers (connection level)
 */
public record Listener(String name, Address address, String statPrefix, List<FilterChain> filterChains,
                       FilterChain defaultFilterChain, Integer perConnectionBufferLimitBytes, Integer tcpBacklogSize,
                       List<AccessLog> accessLog) {
    public Listener {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        filterChains = List.copyOf(filterChains);
        accessLog = List.copyOf(accessLog);
    }

    /** The root of this listener's stats, e.g. {@code listener.0.0.0.0_10000}. */
    public String statRoot() {
        return "listener." + (statPrefix != null && !statPrefix.isEmpty() ? statPrefix : address.statName());
    }
}
