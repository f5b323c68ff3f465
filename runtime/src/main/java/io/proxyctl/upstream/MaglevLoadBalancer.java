package io.proxyctl.upstream;

import io.proxyctl.router.Hashing;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * MAGLEV: a lookup table of {@code table_size} (prime) entries filled by each host's permutation, weighted as
 * Envoy's implementation (a host of half the maximum weight fills a slot every second round).
 */
final class MaglevLoadBalancer extends AbstractLoadBalancer {
    private final int tableSize;

    MaglevLoadBalancer(UpstreamCluster cluster) {
        super(cluster);
        this.tableSize = (int) cluster.config().lbConfig().maglevTableSize();
    }

    @Override
    boolean supportsLocalities() {
        return false;
    }

    @Override
    Selector selector(List<Host> hosts) {
        int n = hosts.size();
        long[] offset = new long[n];
        long[] skip = new long[n];
        long[] next = new long[n];
        double[] weight = new double[n];
        double[] target = new double[n];
        double maxWeight = 0;
        for (Host h : hosts) {
            maxWeight = Math.max(maxWeight, h.weight());
        }
        for (int i = 0; i < n; i++) {
            String key = hosts.get(i).addressString();
            offset[i] = Long.remainderUnsigned(Hashing.hash64(key), tableSize);
            skip[i] = Long.remainderUnsigned(Hashing.mix(Hashing.hash64(key) ^ 0x9e3779b97f4a7c15L), tableSize - 1) + 1;
            weight[i] = hosts.get(i).weight() / maxWeight;
            target[i] = 1.0;
        }
        int[] table = new int[tableSize];
        java.util.Arrays.fill(table, -1);
        int filled = 0;
        for (long iteration = 1; filled < tableSize; iteration++) {
            for (int i = 0; i < n && filled < tableSize; i++) {
                if (iteration * weight[i] < target[i]) {
                    continue;
                }
                target[i] += 1.0;
                int c = (int) ((offset[i] + skip[i] * next[i]) % tableSize);
                while (table[c] >= 0) {
                    next[i]++;
                    c = (int) ((offset[i] + skip[i] * next[i]) % tableSize);
                }
                table[c] = i;
                next[i]++;
                filled++;
            }
        }
        Host[] arr = hosts.toArray(new Host[0]);
        return hash -> {
            long h = hash != 0 ? hash : ThreadLocalRandom.current().nextLong();
            return arr[table[(int) Long.remainderUnsigned(h, tableSize)]];
        };
    }
}
