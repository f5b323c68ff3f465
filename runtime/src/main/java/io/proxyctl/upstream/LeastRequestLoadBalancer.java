package io.proxyctl.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * LEAST_REQUEST: power of {@code choice_count} choices. Candidates are sampled uniformly when all weights are
 * equal and proportionally to weight otherwise; the candidate with the fewest active requests wins.
 */
final class LeastRequestLoadBalancer extends AbstractLoadBalancer {
    private final int choices;

    LeastRequestLoadBalancer(UpstreamCluster cluster) {
        super(cluster);
        this.choices = Math.max(2, cluster.config().lbConfig().choiceCount());
    }

    @Override
    Selector selector(List<Host> hosts) {
        Host[] arr = hosts.toArray(new Host[0]);
        if (arr.length == 1) {
            return hash -> arr[0];
        }
        boolean equal = true;
        for (Host h : arr) {
            equal &= h.weight() == arr[0].weight();
        }
        long[] cumulative = new long[arr.length];
        long total = 0;
        for (int i = 0; i < arr.length; i++) {
            total += arr[i].weight();
            cumulative[i] = total;
        }
        boolean weighted = !equal;
        long sum = total;
        return hash -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            Host best = null;
            for (int c = 0; c < choices; c++) {
                Host h = weighted ? arr[indexOf(cumulative, r.nextLong(sum))] : arr[r.nextInt(arr.length)];
                if (best == null || h.activeRequests() < best.activeRequests()) {
                    best = h;
                }
            }
            return best;
        };
    }

    private static int indexOf(long[] cumulative, long v) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v < cumulative[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
