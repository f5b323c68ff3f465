package io.proxyctl.config.model;

/** Default-priority circuit-breaker thresholds (Envoy defaults 1024 / 1024 / 1024 / 3). */
public record CircuitBreakers(int maxConnections, int maxPendingRequests, int maxRequests, int maxRetries) {
    public static final CircuitBreakers DEFAULT = new CircuitBreakers(1024, 1024, 1024, 3);
}
