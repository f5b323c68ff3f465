package io.proxyctl.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One active health checker of a cluster ({@code Cluster.health_checks[]}): HTTP (a GET whose status must be in
 * the expected ranges) or TCP (a connect).
 *
 * @param timeout            time allowed for one check
 * @param interval           time between checks once the cluster has had traffic
 * @param intervalJitter     random extra delay added to each interval (default 0)
 * @param noTrafficInterval  interval while the cluster has never had traffic (default 60 s)
 * @param unhealthyThreshold consecutive failures that take a healthy host out of rotation
 * @param healthyThreshold   consecutive successes that bring an unhealthy host back
 * @param kind               HTTP or TCP
 * @param path               HTTP path
 * @param host               HTTP Host header (empty: the cluster name, as Envoy)
 * @param expectedStatuses   HTTP status ranges, start inclusive and end exclusive (default 200 only)
 * @param requestHeaders     extra HTTP request headers, name/value pairs
 */
public record HealthCheck(Duration timeout, Duration interval, Duration intervalJitter, Duration noTrafficInterval,
                          int unhealthyThreshold, int healthyThreshold, Kind kind, String path, String host,
                          List<int[]> expectedStatuses, List<String[]> requestHeaders) {
    public static final Duration DEFAULT_NO_TRAFFIC_INTERVAL = Duration.ofSeconds(60);

    public HealthCheck {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(interval, "interval");
        intervalJitter = intervalJitter == null ? Duration.ZERO : intervalJitter;
        noTrafficInterval = noTrafficInterval == null ? DEFAULT_NO_TRAFFIC_INTERVAL : noTrafficInterval;
        path = path == null ? "/" : path;
        host = host == null ? "" : host;
        expectedStatuses = expectedStatuses == null || expectedStatuses.isEmpty()
                ? List.of(new int[]{200, 201}) : List.copyOf(expectedStatuses);
        requestHeaders = requestHeaders == null ? List.of() : List.copyOf(requestHeaders);
    }

    public enum Kind { HTTP, TCP }

    /** Whether an HTTP check answered with {@code status} passes. */
    public boolean expects(int status) {
        for (int[] r : expectedStatuses) {
            if (status >= r[0] && status < r[1]) {
                return true;
            }
        }
        return false;
    }
}
