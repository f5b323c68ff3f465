package io.proxyctl.network;

import io.proxyctl.config.model.CidrRange;
import io.proxyctl.config.model.FilterChain;
import io.proxyctl.config.model.FilterChainMatch;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Selects the filter chain for a connection with Envoy's most-specific-match order: destination port,
 * destination IP, server name (exact, then the longest {@code *.suffix}), transport protocol, application
 * protocol, direct source IP, source type, source IP, source port. At each step the most specific matching
 * chains survive, and chains that leave the criterion empty are the fallback. Without a {@code tls_inspector}
 * a connection has no SNI or ALPN and transport protocol {@code raw_buffer}.
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

    /** The best candidate for a connection that was not inspected, or null when no chain matches. */
    static <T> T select(List<Candidate<T>> all, InetSocketAddress local, InetSocketAddress remote) {
        return select(all, local, remote, null, "raw_buffer", List.of());
    }

    /**
     * The best candidate, or null when no chain matches.
     *
     * @param serverName the SNI, or null
     * @param transport  "tls" or "raw_buffer"
     * @param alpn       the client's ALPN protocols
     */
    static <T> T select(List<Candidate<T>> all, InetSocketAddress local, InetSocketAddress remote, String serverName,
                        String transport, List<String> alpn) {
        if (all.size() == 1 && all.get(0).m == FilterChainMatch.ANY) {
            return all.get(0).target;
        }
        byte[] dst = local.getAddress() == null ? null : local.getAddress().getAddress();
        byte[] src = remote.getAddress() == null ? null : remote.getAddress().getAddress();
        List<Candidate<T>> c = all;
        c = byPort(c, local.getPort());
        c = byCidr(c, dst, 0);
        c = byServerName(c, serverName);
        c = byTransport(c, transport);
        c = byAlpn(c, alpn);
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

    private static <T> List<Candidate<T>> byServerName(List<Candidate<T>> in, String sni) {
        if (sni != null && !sni.isEmpty()) {
            String name = sni.toLowerCase(java.util.Locale.ROOT);
            List<Candidate<T>> hit = withServerName(in, name);
            for (int dot = name.indexOf('.'); hit.isEmpty() && dot >= 0; dot = name.indexOf('.', dot + 1)) {
                hit = withServerName(in, "*" + name.substring(dot));
            }
            if (!hit.isEmpty()) {
                return hit;
            }
        }
        List<Candidate<T>> out = new ArrayList<>();
        for (Candidate<T> c : in) {
            if (c.m.serverNames().isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    private static <T> List<Candidate<T>> withServerName(List<Candidate<T>> in, String name) {
        List<Candidate<T>> out = new ArrayList<>();
        for (Candidate<T> c : in) {
            for (String s : c.m.serverNames()) {
                if (s.equalsIgnoreCase(name)) {
                    out.add(c);
                    break;
                }
            }
        }
        return out;
    }

    private static <T> List<Candidate<T>> byAlpn(List<Candidate<T>> in, List<String> alpn) {
        List<Candidate<T>> hit = new ArrayList<>();
        List<Candidate<T>> any = new ArrayList<>();
        for (Candidate<T> c : in) {
            if (c.m.applicationProtocols().isEmpty()) {
                any.add(c);
            } else {
                for (String p : alpn) {
                    if (c.m.applicationProtocols().contains(p)) {
                        hit.add(c);
                        break;
                    }
                }
            }
        }
        return hit.isEmpty() ? any : hit;
    }

    private static <T> List<Candidate<T>> byTransport(List<Candidate<T>> in, String transport) {
        List<Candidate<T>> exact = new ArrayList<>();
        List<Candidate<T>> any = new ArrayList<>();
        for (Candidate<T> c : in) {
            String t = c.m.transportProtocol();
            if (t == null || t.isEmpty()) {
                any.add(c);
            } else if (t.equals(transport)) {
                exact.add(c);
            }
        }
        return exact.isEmpty() ? any : exact;
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
