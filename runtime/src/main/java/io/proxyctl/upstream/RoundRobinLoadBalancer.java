package io.proxyctl.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** ROUND_ROBIN: plain rotation when all weights are equal, smooth weighted round robin otherwise. */
final class RoundRobinLoadBalancer extends AbstractLoadBalancer {
    RoundRobinLoadBalancer(UpstreamCluster cluster) {
        super(cluster);
    }

    @Override
    Selector selector(List<Host> hosts) {
        Host[] arr = hosts.toArray(new Host[0]);
        boolean equal = true;
        for (Host h : arr) {
            equal &= h.weight() == arr[0].weight();
        }
        if (equal) {
            // Start at a random offset so the loops do not all hit the first host in lockstep.
            int[] next = {ThreadLocalRandom.current().nextInt(arr.length)};
            return hash -> {
                int i = next[0];
                next[0] = i + 1 == arr.length ? 0 : i + 1;
                return arr[i];
            };
        }
        long[] w = new long[arr.length];
        for (int i = 0; i < arr.length; i++) {
            w[i] = arr[i].weight();
        }
        SmoothWeighted sw = new SmoothWeighted(w);
        return hash -> arr[sw.next()];
    }
}
