package io.proxyctl.config.model;

import java.time.Duration;
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
 * @param trafficDirection              {@code traffic_direction} (which listeners {@code /drain_listeners?inboundonly}
 *                                      drains)
 * @param drainType                     {@code drain_type}: MODIFY_ONLY listeners keep connections open when the
 *                                      server fails health checks
 * @param listenerFilters               the {@code listener_filters}, by type URL (or name when untyped), in order
 * @param listenerFiltersTimeout        how long listener filters may wait for data (default 15 s, zero disables)
 * @param ignoreGlobalConnLimit         {@code ignore_global_conn_limit}: connections of this listener neither count
 *                                      towards nor are refused by the global downstream connection limit
 * @param ipv4Compat                    the address's {@code ipv4_compat}: an IPv6 listener also accepts IPv4 clients
 *                                      (Envoy binds IPv6 addresses IPv6-only unless this is set)
 */
public record Listener(String name, Address address, String statPrefix, List<FilterChain> filterChains,
                       FilterChain defaultFilterChain, Integer perConnectionBufferLimitBytes, Integer tcpBacklogSize,
                       List<AccessLog> accessLog, TrafficDirection trafficDirection, DrainType drainType,
                       List<String> listenerFilters, Duration listenerFiltersTimeout, boolean ignoreGlobalConnLimit,
                       boolean ipv4Compat) {
    /** The {@code tls_inspector} listener filter's type URL. */
    public static final String TLS_INSPECTOR =
            "type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector";

    public Listener {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        filterChains = List.copyOf(filterChains);
        accessLog = List.copyOf(accessLog);
        trafficDirection = trafficDirection == null ? TrafficDirection.UNSPECIFIED : trafficDirection;
        drainType = drainType == null ? DrainType.DEFAULT : drainType;
        listenerFilters = List.copyOf(listenerFilters);
        listenerFiltersTimeout = listenerFiltersTimeout == null ? Duration.ofSeconds(15) : listenerFiltersTimeout;
    }

    /** A listener that counts towards the global connection limit, IPv6-only when its address is IPv6. */
    public Listener(String name, Address address, String statPrefix, List<FilterChain> filterChains,
                    FilterChain defaultFilterChain, Integer perConnectionBufferLimitBytes, Integer tcpBacklogSize,
                    List<AccessLog> accessLog, TrafficDirection trafficDirection, DrainType drainType,
                    List<String> listenerFilters, Duration listenerFiltersTimeout) {
        this(name, address, statPrefix, filterChains, defaultFilterChain, perConnectionBufferLimitBytes, tcpBacklogSize,
                accessLog, trafficDirection, drainType, listenerFilters, listenerFiltersTimeout, false, false);
    }

    /** Whether a {@code tls_inspector} listener filter is configured. */
    public boolean hasTlsInspector() {
        for (String f : listenerFilters) {
            if (f.equals(TLS_INSPECTOR) || f.equals("envoy.filters.listener.tls_inspector")
                    || f.equals("envoy.listener.tls_inspector")) {
                return true;
            }
        }
        return false;
    }

    /** A listener with the default traffic direction and drain type, and no listener filters. */
    public Listener(String name, Address address, String statPrefix, List<FilterChain> filterChains,
                    FilterChain defaultFilterChain, Integer perConnectionBufferLimitBytes, Integer tcpBacklogSize,
                    List<AccessLog> accessLog) {
        this(name, address, statPrefix, filterChains, defaultFilterChain, perConnectionBufferLimitBytes, tcpBacklogSize,
                accessLog, TrafficDirection.UNSPECIFIED, DrainType.DEFAULT, List.of(), null);
    }

    /** {@code core.v3.TrafficDirection}. */
    public enum TrafficDirection { UNSPECIFIED, INBOUND, OUTBOUND }

    /** {@code Listener.DrainType}. */
    public enum DrainType { DEFAULT, MODIFY_ONLY }

    /** The root of this listener's stats, e.g. {@code listener.0.0.0.0_10000}. */
    public String statRoot() {
        return "listener." + (statPrefix != null && !statPrefix.isEmpty() ? statPrefix : address.statName());
    }
}
