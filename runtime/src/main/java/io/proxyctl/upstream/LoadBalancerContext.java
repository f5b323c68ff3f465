package io.proxyctl.upstream;

/** What a load balancer may ask about the request being balanced. */
public interface LoadBalancerContext {
    /** The consistent-hash key, or 0 when the route has no (producing) hash policy. */
    long hashKey();
}
