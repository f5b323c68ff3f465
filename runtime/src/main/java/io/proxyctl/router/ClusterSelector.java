package io.proxyctl.router;

import io.proxyctl.config.model.ClusterWeight;
import io.proxyctl.config.model.RouteAction;
import io.proxyctl.upstream.UpstreamCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** Picks the cluster of a forwarding route: a fixed one, a header-named one, or a weighted random one. */
abstract class ClusterSelector {
    /** The choice for this request, or null when a cluster header is missing (the route then answers NC). */
    abstract ClusterChoice select(RequestView req);

    static ClusterSelector compile(RouteAction.ClusterSpecifier spec, Function<String, UpstreamCluster> clusters,
                                   Map<String, ClusterChoice> byName, String where) {
        if (spec instanceof RouteAction.ClusterSpecifier.Named n) {
            ClusterChoice c = choice(n.name(), clusters, byName);
            return new ClusterSelector() {
                @Override
                ClusterChoice select(RequestView req) {
                    return c;
                }
            };
        }
        if (spec instanceof RouteAction.ClusterSpecifier.FromHeader h) {
            return new FromHeader(h.header(), clusters, byName);
        }
        List<ClusterWeight> ws = ((RouteAction.ClusterSpecifier.Weighted) spec).clusters();
        ClusterChoice[] choices = new ClusterChoice[ws.size()];
        String[] headers = new String[ws.size()];
        long[] cumulative = new long[ws.size()];
        long total = 0;
        for (int i = 0; i < ws.size(); i++) {
            ClusterWeight w = ws.get(i);
            total += Math.max(0, w.weight());
            cumulative[i] = total;
            headers[i] = w.clusterHeader();
            choices[i] = new ClusterChoice(w.name(), w.clusterHeader() == null ? clusters.apply(w.name()) : null,
                    HeaderMutator.request(w.headers(), where), HeaderMutator.response(w.headers(), where),
                    w.hostRewriteLiteral());
        }
        if (total == 0) {
            throw new RouteCompileException(where + ": weighted_clusters weights sum to 0");
        }
        return new Weighted(choices, headers, cumulative, total, clusters, byName);
    }

    static ClusterChoice choice(String name, Function<String, UpstreamCluster> clusters, Map<String, ClusterChoice> byName) {
        return byName.computeIfAbsent(name, n -> new ClusterChoice(n, clusters.apply(n), HeaderMutator.NONE,
                HeaderMutator.NONE, null));
    }

    private static final class FromHeader extends ClusterSelector {
        private final String header;
        private final Function<String, UpstreamCluster> clusters;
        private final Map<String, ClusterChoice> cache;

        FromHeader(String header, Function<String, UpstreamCluster> clusters, Map<String, ClusterChoice> byName) {
            this.header = header;
            this.clusters = clusters;
            this.cache = new HashMap<>(byName);
        }

        @Override
        ClusterChoice select(RequestView req) {
            String v = req.header(header);
            if (v == null) {
                return null;
            }
            ClusterChoice c = cache.get(v);
            // Unknown names are not cached: a hostile client could otherwise grow the map without bound.
            return c != null ? c : new ClusterChoice(v, clusters.apply(v), HeaderMutator.NONE, HeaderMutator.NONE, null);
        }
    }

    private static final class Weighted extends ClusterSelector {
        private final ClusterChoice[] choices;
        private final String[] headers;
        private final long[] cumulative;
        private final long total;
        private final FromHeader[] fromHeader;

        Weighted(ClusterChoice[] choices, String[] headers, long[] cumulative, long total,
                 Function<String, UpstreamCluster> clusters, Map<String, ClusterChoice> byName) {
            this.choices = choices;
            this.headers = headers;
            this.cumulative = cumulative;
            this.total = total;
            this.fromHeader = new FromHeader[headers.length];
            for (int i = 0; i < headers.length; i++) {
                if (headers[i] != null) {
                    fromHeader[i] = new FromHeader(headers[i], clusters, byName);
                }
            }
        }

        @Override
        ClusterChoice select(RequestView req) {
            long r = ThreadLocalRandom.current().nextLong(total);
            for (int i = 0; i < cumulative.length; i++) {
                if (r < cumulative[i]) {
                    if (fromHeader[i] != null) {
                        ClusterChoice c = fromHeader[i].select(req);
                        return c == null ? null : new ClusterChoice(c.name(), c.cluster(), choices[i].requestHeaders(),
                                choices[i].responseHeaders(), choices[i].hostRewrite());
                    }
                    return choices[i];
                }
            }
            return choices[choices.length - 1];
        }
    }
}
