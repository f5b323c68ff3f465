package io.proxyctl.upstream;

import io.proxyctl.config.model.CircuitBreakers;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * One routing priority's circuit breakers of a cluster across all event loops: the live counts of connections,
 * pending requests (waiting for a connection), active requests and active retries, checked against the
 * configured thresholds. With a {@code retry_budget} the retry limit follows the load: a percentage of the active
 * and pending requests, never below {@code min_retry_concurrency}. The {@code circuit_breakers.<priority>.*}
 * gauges read this state when scraped (see {@link ClusterStats}), so the data path never touches a gauge.
 */
public final class CircuitBreakerState {
    private final CircuitBreakers.Thresholds limits;
    private final Resource connections;
    private final Resource pending;
    private final Resource requests;
    private final Resource retries;

    CircuitBreakerState(CircuitBreakers.Thresholds limits) {
        this.limits = limits;
        connections = new Resource(limits.maxConnections());
        pending = new Resource(limits.maxPendingRequests());
        requests = new Resource(limits.maxRequests());
        CircuitBreakers.RetryBudget budget = limits.retryBudget();
        retries = budget == null ? new Resource(limits.maxRetries())
                : new Resource(() -> (int) Math.max(budget.budgetPercent() / 100.0
                        * (requests.count() + pending.count()), budget.minRetryConcurrency()));
    }

    CircuitBreakers.Thresholds limits() {
        return limits;
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

    /** One limited resource: a lock-free count against a maximum (fixed, or computed for a retry budget). */
    public static final class Resource {
        private final int fixedMax;
        private final IntSupplier dynamicMax;
        private final AtomicInteger count = new AtomicInteger();

        Resource(int max) {
            this.fixedMax = max;
            this.dynamicMax = null;
        }

        Resource(IntSupplier max) {
            this.fixedMax = 0;
            this.dynamicMax = max;
        }

        /** The current limit. */
        public int max() {
            return dynamicMax == null ? fixedMax : dynamicMax.getAsInt();
        }

        /** Takes one unit; false (and nothing taken) when the resource is at its limit. */
        public boolean tryAcquire() {
            int n = count.incrementAndGet();
            if (n > max()) {
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
            return count.get() >= max();
        }

        /** Units left before the limit ({@code remaining_*} gauges). */
        public int remaining() {
            return Math.max(0, max() - count.get());
        }
    }
}
