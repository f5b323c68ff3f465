package io.proxyctl.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Priority and locality selection shared by every policy: choose a priority by its load, use healthy hosts (or
 * all hosts when the priority is in panic), optionally pick a locality by effective weight, then let the policy's
 * {@link Selector} pick within that list. Selectors are rebuilt when the cluster's {@link PrioritySet} changes.
 */
abstract class AbstractLoadBalancer implements LoadBalancer {
    private final UpstreamCluster cluster;
    private final boolean localityWeighted;
    private PrioritySet current;
    private PriorityState[] states;

    /** Selectors of one priority, created on first use. */
    private final class PriorityState {
        final HostSet set;
        Selector healthy;
        Selector all;
        Selector[] localityHealthy;
        Selector[] localityAll;
        SmoothWeighted localityPicker;

        PriorityState(HostSet set) {
            this.set = set;
        }
    }

    AbstractLoadBalancer(UpstreamCluster cluster) {
        this.cluster = cluster;
        this.localityWeighted = cluster.config().lbConfig().localityWeighted() && supportsLocalities();
    }

    /** Builds the policy's selector for a non-empty host list. */
    abstract Selector selector(List<Host> hosts);

    /** Hash-based policies ignore locality weights, as in Envoy. */
    boolean supportsLocalities() {
        return true;
    }

    @Override
    public final Host chooseHost(LoadBalancerContext ctx) {
        PrioritySet ps = cluster.prioritySet();
        if (ps != current) {
            current = ps;
            states = new PriorityState[ps.size()];
        }
        if (ps.isEmpty()) {
            return null;
        }
        long hash = ctx == null ? 0 : ctx.hashKey();
        int percent = hash != 0 ? (int) Long.remainderUnsigned(hash, 100) : ThreadLocalRandom.current().nextInt(100);
        int p = ps.choosePriority(percent);
        PriorityState st = states[p];
        if (st == null) {
            st = new PriorityState(ps.get(p));
            states[p] = st;
        }
        boolean panic = ps.panic(p);
        if (panic) {
            cluster.stats().lbHealthyPanic.inc();
        }
        if (localityWeighted && st.set.localities.size() > 1) {
            Host h = chooseByLocality(st, panic, hash);
            if (h != null) {
                return h;
            }
        }
        if (panic) {
            if (st.set.hosts.isEmpty()) {
                return null;
            }
            if (st.all == null) {
                st.all = selector(st.set.hosts);
            }
            return st.all.pick(hash);
        }
        if (st.set.healthy.isEmpty()) {
            return null;
        }
        if (st.healthy == null) {
            st.healthy = selector(st.set.healthy);
        }
        return st.healthy.pick(hash);
    }

    private Host chooseByLocality(PriorityState st, boolean panic, long hash) {
        List<HostSet.LocalityHosts> locs = st.set.localities;
        if (st.localityPicker == null) {
            // Effective locality weight = configured weight scaled by the locality's availability (Envoy).
            long[] w = new long[locs.size()];
            for (int i = 0; i < w.length; i++) {
                HostSet.LocalityHosts l = locs.get(i);
                double avail = l.hosts().isEmpty() ? 0 : Math.min(1.0, 1.4 * l.healthy().size() / l.hosts().size());
                w[i] = Math.round(l.weight() * avail * 1000);
            }
            st.localityPicker = new SmoothWeighted(w);
            st.localityHealthy = new Selector[w.length];
            st.localityAll = new Selector[w.length];
        }
        int li = st.localityPicker.next();
        if (li < 0) {
            return null;
        }
        HostSet.LocalityHosts l = locs.get(li);
        List<Host> hosts = panic ? l.hosts() : l.healthy();
        if (hosts.isEmpty()) {
            return null;
        }
        Selector[] cache = panic ? st.localityAll : st.localityHealthy;
        if (cache[li] == null) {
            cache[li] = selector(hosts);
        }
        return cache[li].pick(hash);
    }

    /** Smooth weighted round robin over indices (nginx's algorithm); returns -1 when all weights are 0. */
    static final class SmoothWeighted {
        private final long[] weights;
        private final long[] current;
        private final long total;

        SmoothWeighted(long[] weights) {
            this.weights = weights;
            this.current = new long[weights.length];
            long t = 0;
            for (long w : weights) {
                t += w;
            }
            this.total = t;
        }

        int next() {
            if (total == 0) {
                return -1;
            }
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                current[i] += weights[i];
                if (weights[i] > 0 && (best < 0 || current[i] > current[best])) {
                    best = i;
                }
            }
            current[best] -= total;
            return best;
        }
    }
}
