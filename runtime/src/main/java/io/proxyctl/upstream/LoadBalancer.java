package io.proxyctl.upstream;

/** Chooses a host for a request. One instance per cluster per event loop, so implementations need no locking. */
public interface LoadBalancer {
    /** The host, or null when the cluster has no usable host (answered 503 UH). */
    Host chooseHost(LoadBalancerContext ctx);
}
