package io.proxyctl.config.model;

import java.util.Objects;

/**
 * A cluster's {@code circuit_breakers}: thresholds for the DEFAULT and HIGH routing priorities (a route picks one
 * with {@code priority}). The accessors without a priority read the default-priority thresholds.
 *
 * @param defaultPriority thresholds for routes at DEFAULT priority
 * @param highPriority    thresholds for routes at HIGH priority
 */
public record CircuitBreakers(Thresholds defaultPriority, Thresholds highPriority) {
    public static final CircuitBreakers DEFAULT = new CircuitBreakers(Thresholds.DEFAULT, Thresholds.DEFAULT);

    public CircuitBreakers {
        Objects.requireNonNull(defaultPriority, "defaultPriority");
        Objects.requireNonNull(highPriority, "highPriority");
    }

    public int maxConnections() {
        return defaultPriority.maxConnections();
    }

    public int maxPendingRequests() {
        return defaultPriority.maxPendingRequests();
    }

    public int maxRequests() {
        return defaultPriority.maxRequests();
    }

    public int maxRetries() {
        return defaultPriority.maxRetries();
    }

    /** The thresholds for {@code high} or default priority. */
    public Thresholds of(boolean high) {
        return high ? highPriority : defaultPriority;
    }

    /**
     * One priority's {@code Thresholds} (Envoy defaults 1024 / 1024 / 1024 / 3).
     *
     * @param retryBudget           when set, replaces {@code maxRetries} with a budget relative to the active requests
     * @param trackRemaining        publish {@code remaining_*} gauges
     * @param maxConnectionsPerHost {@code per_host_thresholds} max_connections of this priority (default unlimited)
     */
    public record Thresholds(int maxConnections, int maxPendingRequests, int maxRequests, int maxRetries,
                             RetryBudget retryBudget, boolean trackRemaining, int maxConnectionsPerHost) {
        public static final Thresholds DEFAULT = new Thresholds(1024, 1024, 1024, 3, null, false, Integer.MAX_VALUE);

        /** These thresholds with a per-host connection limit. */
        public Thresholds withMaxConnectionsPerHost(int max) {
            return new Thresholds(maxConnections, maxPendingRequests, maxRequests, maxRetries, retryBudget,
                    trackRemaining, max);
        }
    }

    /**
     * {@code retry_budget}: concurrent retries may reach {@code budgetPercent} of the active plus pending
     * requests, and always at least {@code minRetryConcurrency} (defaults 20% and 3).
     */
    public record RetryBudget(double budgetPercent, int minRetryConcurrency) {
        public static final RetryBudget DEFAULT = new RetryBudget(20.0, 3);
    }
}
