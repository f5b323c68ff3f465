package io.proxyctl.upstream;

import io.proxyctl.config.model.CircuitBreakers;
import io.proxyctl.stats.Gauge;
import io.proxyctl.stats.StatsStore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster's default-priority circuit breakers across all event loops: the live counts of connections, pending
 * requests (waiting for a connection), active requests and active retries, checked against the configured
 * thresholds, and the {@code circuit_breakers.default.*_open} gauges (1 while a resource is at its limit).
 */
public final class CircuitBreakerState {
    private final Resource connections;
    private final Resource pending;
    private final Resource requests;
    private final Resource retries;

    CircuitBreakerState(CircuitBreakers limits, StatsStore store, String statName) {
        String p = "cluster." + statName + ".circuit_breakers.default.";
        connections = new Resource(limits.maxConnections(), store.gauge(p + "cx_open"));
        pending = new Resource(limits.maxPendingRequests(), store.gauge(p + "rq_pending_open"));
        requests = new Resource(limits.maxRequests(), store.gauge(p + "rq_open"));
        retries = new Resource(limits.maxRetries(), store.gauge(p + "rq_retry_open"));
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

    /** One limited resource: a lock-free count against a maximum, with its open gauge. */
    public static final class Resource {
        private final int max;
        private final AtomicInteger count = new AtomicInteger();
        private final Gauge open;

        Resource(int max, Gauge open) {
            this.max = max;
            this.open = open;
            refreshOpen(); // a zero limit is open from the start
        }

        /** Takes one unit; false (and nothing taken) when the resource is at its limit. */
        public boolean tryAcquire() {
            int n = count.incrementAndGet();
            if (n > max) {
                count.decrementAndGet();
                return false;
            }
            if (n == max) {
                refreshOpen();
            }
            return true;
        }

        /** Takes one unit even over the limit (Envoy's first connection of an empty pool). */
        void forceAcquire() {
            if (count.incrementAndGet() >= max) {
                refreshOpen();
            }
        }

        public void release() {
            if (count.getAndDecrement() >= max) {
                refreshOpen();
            }
        }

        public int count() {
            return count.get();
        }

        public boolean atLimit() {
            return count.get() >= max;
        }

        // Only called when the count crosses the limit, so the common path never touches the gauge; re-reading the
        // count keeps a racing acquire/release from leaving a stale value behind.
        private void refreshOpen() {
            open.set(count.get() >= max ? 1 : 0);
        }
    }
}
