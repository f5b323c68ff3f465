package io.proxyctl.network;

import io.proxyctl.config.model.CidrRange;
import io.proxyctl.config.model.FilterChain;
import io.proxyctl.config.model.FilterChainMatch;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Selects the filter chain for a plain-TCP connection with Envoy's most-specific-match order: destination port,
 * destination IP, server name, transport protocol, application protocol, direct source IP, source type, source IP,
 * source port. Connections here carry no SNI or ALPN, so chains requiring them never match.
 */
final class FilterChainMatcher {
    /** A chain with its compiled criteria and the object that serves it. */
    static final class Candidate<T> {
        final FilterChainMatch m;
        final Cidr[] destination;
        final Cidr[] directSource;
        final Cidr[] source;
        final T target;

        Candidate(FilterChain chain, T target, String where) {
            this.m = chain.match();
            this.destination = compile(m.prefixRanges(), where);
            this.directSource = compile(m.directSourcePrefixRanges(), where);
            this.source = compile(m.sourcePrefixRanges(), where);
            this.target = target;
        }

        private static Cidr[] compile(List<CidrRange> ranges, String where) {
            Cidr[] out = new Cidr[ranges.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = new Cidr(ranges.get(i), where);
            }
            return out;
        }
    }

    private FilterChainMatcher() {
    }

    /** The best candidate, or null when no chain matches. */
    static <T> T select(List<Candidate<T>> all, InetSocketAddress local, InetSocketAddress remote) {
        if (all.size() == 1 && all.get(0).m == FilterChainMatch.ANY) {
            return all.get(0).target;
        }
        byte[] dst = local.getAddress() == null ? null : local.getAddress().getAddress();
        byte[] src = remote.getAddress() == null ? null : remote.getAddress().getAddress();
        List<Candidate<T>> c = all;
        c = byPort(c, local.getPort());
        c = byCidr(c, dst, 0);
        c = keepEmpty(c, 0);
        c = byTransport(c);
        c = keepEmpty(c, 1);
        c = byCidr(c, src, 1);
        c = bySourceType(c, remote, local);
        c = byCidr(c, src, 2);
        c = bySourcePort(c, remote.getPort());
        return c.isEmpty() ? null : c.get(0).target;
    }

    private static <T> List<Candidate<T>> byPort(List<Candidate<T>> in, int port) {
        List<Candidate<T>> exact = new ArrayList<>();
        List<Candidate<T>> any = new ArrayList<>();
        for (Candidate<T> c : in) {
            if (c.m.destinationPort() == null) {
                any.add(c);
            } else if (c.m.destinationPort() == port) {
                exact.add(c);
            }
        }
        return exact.isEmpty() ? any : exact;
    }

    /** kind 0 = destination, 1 = direct source, 2 = source. */
    private static <T> List<Candidate<T>> byCidr(List<Candidate<T>> in, byte[] ip, int kind) {
        int best = -1;
        List<Candidate<T>> out = new ArrayList<>();
        List<Candidate<T>> empty = new ArrayList<>();
        for (Candidate<T> c : in) {
            Cidr[] ranges = kind == 0 ? c.destination : kind == 1 ? c.directSource : c.source;
            if (ranges.length == 0) {
                empty.add(c);
                continue;
            }
            int len = Cidr.longestMatch(ranges, ip);
            if (len > best) {
                best = len;
                out.clear();
            }
            if (len >= 0 && len == best) {
                out.add(c);
            }
        }
        return best >= 0 ? out : empty;
    }

    /** kind 0 = server names, 1 = application protocols: plain connections match only chains without them. */
    private static <T> List<Candidate<T>> keepEmpty(List<Candidate<T>> in, int kind) {
        List<Candidate<T>> out = new ArrayList<>();
        for (Candidate<T> c : in) {
            if ((kind == 0 ? c.m.serverNames() : c.m.applicationProtocols()).isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    private static <T> List<Candidate<T>> byTransport(List<Candidate<T>> in) {
        List<Candidate<T>> raw = new ArrayList<>();
        List<Candidate<T>> any = new ArrayList<>();
        for (Candidate<T> c : in) {
            String t = c.m.transportProtocol();
            if (t == null || t.isEmpty()) {
                any.add(c);
            } else if (t.equals("raw_buffer")) {
                raw.add(c);
            }
        }
        return raw.isEmpty() ? any : raw;
    }

    private static <T> List<Candidate<T>> bySourceType(List<Candidate<T>> in, InetSocketAddress remote, InetSocketAddress local) {
        boolean localConn = remote.getAddress() != null && (remote.getAddress().isLoopbackAddress()
                || local.getAddress() != null && remote.getAddress().equals(local.getAddress()));
        FilterChainMatch.SourceType want = localConn ? FilterChainMatch.SourceType.SAME_IP_OR_LOOPBACK
                : FilterChainMatch.SourceType.EXTERNAL;
        List<Candidate<T>> exact = new ArrayList<>();
        List<Candidate<T>> any = new ArrayList<>();
        for (Candidate<T> c : in) {
            if (c.m.sourceType() == want) {
                exact.add(c);
            } else if (c.m.sourceType() == FilterChainMatch.SourceType.ANY) {
                any.add(c);
            }
        }
        return exact.isEmpty() ? any : exact;
    }

    private static <T> List<Candidate<T>> bySourcePort(List<Candidate<T>> in, int port) {
        List<Candidate<T>> exact = new ArrayList<>();
        List<Candidate<T>> any = new ArrayList<>();
        for (Candidate<T> c : in) {
            if (c.m.sourcePorts().isEmpty()) {
                any.add(c);
            } else if (c.m.sourcePorts().contains(port)) {
                exact.add(c);
            }
        }
        return exact.isEmpty() ? any : exact;
    }
}
