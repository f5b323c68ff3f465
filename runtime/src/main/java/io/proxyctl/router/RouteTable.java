package io.proxyctl.router;

import io.proxyctl.config.model.Route;
import io.proxyctl.config.model.RouteConfiguration;
import io.proxyctl.config.model.VirtualHost;
import io.proxyctl.upstream.UpstreamCluster;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A compiled {@link RouteConfiguration}. Virtual hosts are found by the Host header as Envoy does: exact domain,
 * then the longest {@code *.suffix} wildcard, then the longest {@code prefix.*} wildcard, then {@code *}; the port
 * is part of the host unless {@code ignore_port_in_host_matching} is set.
 *
 * <pre>
 * RouteTable t = RouteTable.compile(config, clusterManager::cluster);
 * VirtualHostEntry vh = t.virtualHost(host);      // null: 404 NR
 * RouteEntry route = vh == null ? null : vh.route(request);
 * </pre>
 */
public final class RouteTable {
    private record Wildcard(String affix, VirtualHostEntry vhost) {
    }

    private final Map<String, VirtualHostEntry> exact;
    private final Wildcard[] suffixes; // longest first; affix without the '*'
    private final Wildcard[] prefixes;
    private final VirtualHostEntry defaultHost;
    private final boolean ignorePort;

    private RouteTable(Map<String, VirtualHostEntry> exact, Wildcard[] suffixes, Wildcard[] prefixes,
                       VirtualHostEntry defaultHost, boolean ignorePort) {
        this.exact = exact;
        this.suffixes = suffixes;
        this.prefixes = prefixes;
        this.defaultHost = defaultHost;
        this.ignorePort = ignorePort;
    }

    /**
     * Compiles a route configuration.
     *
     * @param clusters resolves cluster names; returns null for unknown clusters (answered with NC at runtime)
     * @throws RouteCompileException for an invalid regex, duplicate domains, an unreadable body file, ...
     */
    public static RouteTable compile(RouteConfiguration rc, Function<String, UpstreamCluster> clusters) {
        Map<String, VirtualHostEntry> exact = new HashMap<>();
        List<Wildcard> suffixes = new ArrayList<>();
        List<Wildcard> prefixes = new ArrayList<>();
        VirtualHostEntry def = null;
        Map<String, ClusterChoice> byName = new HashMap<>();
        HeaderMutator globalReq = HeaderMutator.request(rc.headers(), "route config '" + rc.name() + "'");
        HeaderMutator globalResp = HeaderMutator.response(rc.headers(), "route config '" + rc.name() + "'");
        boolean specificWins = rc.mostSpecificHeaderMutationsWins();
        for (VirtualHost vh : rc.virtualHosts()) {
            String where = "virtual host '" + vh.name() + "'";
            HeaderMutator vReq = HeaderMutator.request(vh.headers(), where);
            HeaderMutator vResp = HeaderMutator.response(vh.headers(), where);
            RouteEntry[] routes = new RouteEntry[vh.routes().size()];
            for (int i = 0; i < routes.length; i++) {
                Route r = vh.routes().get(i);
                String rw = where + " route " + (r.name().isEmpty() ? "#" + i : "'" + r.name() + "'");
                HeaderMutator rReq = HeaderMutator.request(r.headers(), rw);
                HeaderMutator rResp = HeaderMutator.response(r.headers(), rw);
                // Envoy applies the most specific level first (so the least specific wins an overwrite),
                // or the reverse with most_specific_header_mutations_wins.
                HeaderMutator req = specificWins ? globalReq.then(vReq).then(rReq) : rReq.then(vReq).then(globalReq);
                HeaderMutator resp = specificWins ? globalResp.then(vResp).then(rResp) : rResp.then(vResp).then(globalResp);
                routes[i] = new RouteEntry(r, req, resp, clusters, byName, rw, vh.retryPolicy());
            }
            VirtualHostEntry entry = new VirtualHostEntry(vh.name(), routes);
            for (String d : vh.domains()) {
                String domain = d.toLowerCase(Locale.ROOT);
                if (domain.equals("*")) {
                    if (def != null) {
                        throw new RouteCompileException("Only a single wildcard domain is permitted in route " + rc.name());
                    }
                    def = entry;
                } else if (domain.startsWith("*")) {
                    suffixes.add(unique(suffixes, new Wildcard(domain.substring(1), entry), d, rc));
                } else if (domain.endsWith("*")) {
                    prefixes.add(unique(prefixes, new Wildcard(domain.substring(0, domain.length() - 1), entry), d, rc));
                } else if (exact.putIfAbsent(domain, entry) != null) {
                    throw duplicate(d, rc);
                }
            }
        }
        Comparator<Wildcard> longestFirst = Comparator.comparingInt((Wildcard w) -> w.affix.length()).reversed();
        suffixes.sort(longestFirst);
        prefixes.sort(longestFirst);
        return new RouteTable(exact, suffixes.toArray(new Wildcard[0]), prefixes.toArray(new Wildcard[0]), def,
                rc.ignorePortInHostMatching());
    }

    private static Wildcard unique(List<Wildcard> list, Wildcard w, String domain, RouteConfiguration rc) {
        for (Wildcard x : list) {
            if (x.affix.equals(w.affix)) {
                throw duplicate(domain, rc);
            }
        }
        return w;
    }

    private static RouteCompileException duplicate(String domain, RouteConfiguration rc) {
        return new RouteCompileException("Only unique values for domains are permitted. Duplicate entry of domain "
                + domain + " in route " + rc.name());
    }

    /** The virtual host for a Host header value, or null (404 NR). */
    public VirtualHostEntry virtualHost(String host) {
        if (exact.isEmpty() && suffixes.length == 0 && prefixes.length == 0) {
            return defaultHost;
        }
        if (host == null) {
            return null;
        }
        String h = host;
        if (ignorePort) {
            int portStart = portStart(h);
            if (portStart >= 0) {
                h = h.substring(0, portStart);
            }
        }
        h = lower(h);
        VirtualHostEntry v = exact.get(h);
        if (v != null) {
            return v;
        }
        for (Wildcard w : suffixes) {
            if (h.length() > w.affix.length() && h.endsWith(w.affix)) {
                return w.vhost;
            }
        }
        for (Wildcard w : prefixes) {
            if (h.length() > w.affix.length() && h.startsWith(w.affix)) {
                return w.vhost;
            }
        }
        return defaultHost;
    }

    /** The index of the ':' starting a port, or -1 (IPv6 literals in brackets are handled). */
    static int portStart(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0) {
            return -1;
        }
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            return close >= 0 && colon == close + 1 ? colon : -1;
        }
        return host.indexOf(':') == colon ? colon : -1;
    }

    private static String lower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return s.toLowerCase(Locale.ROOT);
            }
        }
        return s;
    }
}
