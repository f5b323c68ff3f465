package io.proxyctl.config.bind;

import io.proxyctl.config.model.Address;
import io.proxyctl.config.model.CidrRange;
import io.proxyctl.config.model.DownstreamTls;
import io.proxyctl.config.model.FilterChain;
import io.proxyctl.config.model.FilterChainMatch;
import io.proxyctl.config.model.Listener;
import io.proxyctl.config.model.NetworkFilter;
import io.proxyctl.config.model.TcpProxy;
import io.proxyctl.config.model.TransportSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Binds listeners, filter chains and their network filters. */
final class ListenerBinder {
    static final String TCP_PROXY = "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";
    static final String DOWNSTREAM_TLS = "envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext";
    static final String DOWNSTREAM_TLS_V2 = "envoy.api.v2.auth.DownstreamTlsContext";
    static final String TCP_PROXY_V2 = "envoy.config.filter.network.tcp_proxy.v2.TcpProxy";

    private ListenerBinder() {
    }

    static Listener listener(Obj l) {
        if (l.has("api_listener") || l.has("internal_listener")) {
            throw new BindException(l.pointer(), "api and internal listeners are not supported");
        }
        Obj addr = l.obj("address");
        if (addr == null) {
            throw new BindException(l.ptr("address"), "listener has no address");
        }
        String label = l.has("name") ? "listener '" + l.str("name", "") + "'" : "listener";
        Address address = CommonBinder.address(addr, label);
        String name = l.str("name", "");
        if (name.isEmpty()) {
            name = address.toString();
        }
        List<FilterChain> chains = new ArrayList<>();
        for (Obj fc : l.objs("filter_chains")) {
            chains.add(filterChain(fc));
        }
        FilterChain def = l.has("default_filter_chain") ? filterChain(l.obj("default_filter_chain")) : null;
        return new Listener(name, address, l.str("stat_prefix", null), chains, def,
                l.optInt("per_connection_buffer_limit_bytes"), l.optInt("tcp_backlog_size"),
                AccessLogBinder.accessLogs(l, "access_log"),
                l.enumValue("traffic_direction", Listener.TrafficDirection.class, Listener.TrafficDirection.UNSPECIFIED),
                l.enumValue("drain_type", Listener.DrainType.class, Listener.DrainType.DEFAULT), listenerFilters(l),
                l.duration("listener_filters_timeout", Duration.ofSeconds(15)), l.bool("ignore_global_conn_limit", false),
                addr.has("socket_address") && addr.obj("socket_address").bool("ipv4_compat", false));
    }

    private static List<String> listenerFilters(Obj l) {
        List<String> out = new ArrayList<>();
        for (Obj f : l.objs("listener_filters")) {
            TypedConfig tc = TypedConfig.of(f, "typed_config");
            out.add(tc != null ? tc.typeUrl() : f.str("name", ""));
        }
        return out;
    }

    static FilterChain filterChain(Obj fc) {
        List<NetworkFilter> filters = new ArrayList<>();
        for (Obj f : fc.objs("filters")) {
            filters.add(networkFilter(f));
        }
        TransportSocket ts = null;
        if (fc.has("transport_socket")) {
            Obj t = fc.obj("transport_socket");
            TypedConfig tc = TypedConfig.of(t, "typed_config");
            boolean tls = tc != null && tc.is(DOWNSTREAM_TLS, DOWNSTREAM_TLS_V2);
            ts = new TransportSocket(t.str("name", ""), tc == null ? null : tls ? DownstreamTls.TYPE_URL : tc.typeUrl(),
                    tls ? downstreamTls(tc.body()) : null);
        } else if (fc.has("tls_context")) {
            ts = new TransportSocket("envoy.transport_sockets.tls", DownstreamTls.TYPE_URL,
                    downstreamTls(fc.obj("tls_context")));
        }
        return new FilterChain(fc.str("name", ""), match(fc.obj("filter_chain_match")), filters, ts);
    }

    static DownstreamTls downstreamTls(Obj t) {
        ClusterBinder.CommonTls c = ClusterBinder.commonTls(t.obj("common_tls_context"));
        return new DownstreamTls(c.certificates(), c.alpn(), c.validation(), t.bool("require_client_certificate", false),
                c.min(), c.max(), c.ciphers());
    }

    static NetworkFilter networkFilter(Obj f) {
        String name = f.str("name", "");
        TypedConfig tc = TypedConfig.of(f, "typed_config");
        if (tc == null && f.has("config")) {
            // v2 "config": identify the filter by its (deprecated) name.
            if (name.equals("envoy.http_connection_manager") || name.equals("envoy.filters.network.http_connection_manager")) {
                return HcmBinder.bind(name, f.obj("config"));
            }
        }
        if (tc == null) {
            throw new BindException(f.pointer(), "network filter '" + name + "' has no typed_config");
        }
        if (tc.is(HcmBinder.TYPE, HcmBinder.TYPE_V2)) {
            return HcmBinder.bind(name, tc.body());
        }
        if (tc.is(TCP_PROXY, TCP_PROXY_V2)) {
            Obj b = tc.body();
            return new TcpProxy(name, b.str("stat_prefix", ""), b.str("cluster", null),
                    b.has("weighted_clusters") ? RouteBinder.weightedClusters(b.obj("weighted_clusters")) : List.of(),
                    b.duration("idle_timeout", Duration.ofHours(1)), b.integer("max_connect_attempts", 1),
                    AccessLogBinder.accessLogs(b, "access_log"));
        }
        return new NetworkFilter.Opaque(name, tc.typeUrl());
    }

    static FilterChainMatch match(Obj m) {
        if (m == null) {
            return FilterChainMatch.ANY;
        }
        List<Integer> ports = new ArrayList<>();
        for (String p : m.strings("source_ports")) {
            ports.add(Integer.parseInt(p));
        }
        return new FilterChainMatch(m.optInt("destination_port"), cidrs(m, "prefix_ranges"),
                cidrs(m, "direct_source_prefix_ranges"),
                m.enumValue("source_type", FilterChainMatch.SourceType.class, FilterChainMatch.SourceType.ANY),
                cidrs(m, "source_prefix_ranges"), ports, m.strings("server_names"),
                m.str("transport_protocol", null), m.strings("application_protocols"));
    }

    private static List<CidrRange> cidrs(Obj m, String field) {
        List<CidrRange> out = new ArrayList<>();
        for (Obj c : m.objs(field)) {
            out.add(new CidrRange(c.reqStr("address_prefix"), c.integer("prefix_len", -1)));
        }
        return out;
    }
}
