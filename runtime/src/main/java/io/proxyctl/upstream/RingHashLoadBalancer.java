package io.proxyctl.upstream;

import io.proxyctl.router.Hashing;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RING_HASH (Ketama-style consistent hashing): each host gets ring entries in proportion to its weight, at least
 * {@code minimum_ring_size} in total; a request maps to the first entry at or after its hash. Requests without a
 * hash go to a random point on the ring.
 */
final class RingHashLoadBalancer extends AbstractLoadBalancer {
    private final long minRing;
    private final long maxRing;

    RingHashLoadBalancer(UpstreamCluster cluster) {
        super(cluster);
        this.minRing = cluster.config().lbConfig().minimumRingSize();
        this.maxRing = cluster.config().lbConfig().maximumRingSize();
    }

    @Override
    boolean supportsLocalities() {
        return false;
    }

    @Override
    Selector selector(List<Host> hosts) {
        long totalWeight = 0;
        long minWeight = Long.MAX_VALUE;
        for (Host h : hosts) {
            totalWeight += h.weight();
            minWeight = Math.min(minWeight, h.weight());
        }
        // Scale so the lightest host gets at least one entry and the ring reaches the minimum size.
        double scale = Math.min(Math.max((double) minRing / totalWeight, 1.0 / minWeight * 1.0), (double) maxRing / totalWeight);
        int size = 0;
        int[] counts = new int[hosts.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = (int) Math.max(1, Math.ceil(hosts.get(i).weight() * scale));
            size += counts[i];
        }
        long[] hashes = new long[size];
        int[] owner = new int[size];
        long[][] pairs = new long[size][];
        int k = 0;
        for (int i = 0; i < counts.length; i++) {
            String key = hosts.get(i).addressString() + "_";
            for (int j = 0; j < counts[i]; j++) {
                pairs[k++] = new long[]{Hashing.hash64(key + j), i};
            }
        }
        Arrays.sort(pairs, (a, b) -> Long.compareUnsigned(a[0], b[0]));
        for (int i = 0; i < size; i++) {
            hashes[i] = pairs[i][0];
            owner[i] = (int) pairs[i][1];
        }
        Host[] arr = hosts.toArray(new Host[0]);
        return hash -> {
            long h = hash != 0 ? hash : ThreadLocalRandom.current().nextLong();
            int lo = 0;
            int hi = hashes.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (Long.compareUnsigned(hashes[mid], h) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return arr[owner[lo == hashes.length ? 0 : lo]];
        };
    }
}
