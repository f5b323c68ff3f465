package io.proxyctl.upstream;

import io.proxyctl.config.model.CircuitBreakers;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster's default-priority circuit breakers across all event loops: the live counts of connections, pending
 * requests (waiting for a connection), active requests and active retries, checked against the configured
 * thresholds. The {@code circuit_breakers.default.*_open} gauges read {@link Resource#atLimit()} when scraped
 * (see {@link ClusterStats}), so the data path never touches a gauge.
 */
public final class CircuitBreakerState {
    private final Resource connections;
    private final Resource pending;
    private final Resource requests;
    private final Resource retries;

    CircuitBreakerState(CircuitBreakers limits) {
        connections = new Resource(limits.maxConnections());
        pending = new Resource(limits.maxPendingRequests());
        requests = new Resource(limits.maxRequests());
        retries = new Resource(limits.maxRetries());
    }

    public Resource connections() {
        return connections;
    }

    public Resource pending() {
        return pending;
    }

    public Resource requests() {
        return requests;
    }

    public Resource retries() {
        return retries;
    }

    /** One limited resource: a lock-free count against a maximum. */
    public static final class Resource {
        private final int max;
        private final AtomicInteger count = new AtomicInteger();

        Resource(int max) {
            this.max = max;
        }

        /** Takes one unit; false (and nothing taken) when the resource is at its limit. */
        public boolean tryAcquire() {
            int n = count.incrementAndGet();
            if (n > max) {
                count.decrementAndGet();
                return false;
            }
            return true;
        }

        /** Takes one unit even over the limit (Envoy's first connection of an empty pool). */
        void forceAcquire() {
            count.incrementAndGet();
        }

        public void release() {
            count.decrementAndGet();
        }

        public int count() {
            return count.get();
        }

        public boolean atLimit() {
            return count.get() >= max;
        }
    }
}
