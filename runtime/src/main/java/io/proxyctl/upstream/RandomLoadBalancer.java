package io.proxyctl.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** RANDOM: a uniformly random host (Envoy's random balancer ignores weights). */
final class RandomLoadBalancer extends AbstractLoadBalancer {
    RandomLoadBalancer(UpstreamCluster cluster) {
        super(cluster);
    }

    @Override
    Selector selector(List<Host> hosts) {
        Host[] arr = hosts.toArray(new Host[0]);
        return hash -> arr[ThreadLocalRandom.current().nextInt(arr.length)];
    }
}
