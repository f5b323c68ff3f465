package io.proxyctl.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One active health checker of a cluster ({@code Cluster.health_checks[]}): HTTP (a request whose status must be
 * in the expected ranges) or TCP (a connect, optionally sending a payload and expecting payloads back).
 *
 * @param timeout                  time allowed for one check
 * @param interval                 time between checks once the cluster has had traffic
 * @param intervalJitter           random extra delay added to each interval (default 0)
 * @param intervalJitterPercent    random extra delay as a percent of the interval (default 0)
 * @param initialJitter            random delay before a new host's first check (default 0: at once)
 * @param noTrafficInterval        interval while the cluster has never had traffic (default 60 s)
 * @param noTrafficHealthyInterval that interval for a healthy host (default {@code noTrafficInterval})
 * @param unhealthyInterval        interval after a failed check (default {@code interval})
 * @param unhealthyEdgeInterval    interval after a failed check that did not yet take the host out (default
 *                                 {@code unhealthyInterval})
 * @param healthyEdgeInterval      interval after a passing check that did not yet bring the host back (default
 *                                 {@code interval})
 * @param unhealthyThreshold       consecutive network failures that take a healthy host out of rotation
 * @param healthyThreshold         consecutive successes that bring an unhealthy host back
 * @param kind                     HTTP or TCP
 * @param http                     the HTTP check, for kind HTTP
 * @param tcp                      the TCP check's payloads, for kind TCP
 * @param reuseConnection          keep the check's connection open for the next check (Envoy's default true);
 *                                 a connect-only TCP check always closes
 * @param altPort                  port checked instead of the endpoint's ({@code alt_port}; 0: the endpoint's)
 */
public record HealthCheck(Duration timeout, Duration interval, Duration intervalJitter, int intervalJitterPercent,
                          Duration initialJitter, Duration noTrafficInterval, Duration noTrafficHealthyInterval,
                          Duration unhealthyInterval, Duration unhealthyEdgeInterval, Duration healthyEdgeInterval,
                          int unhealthyThreshold, int healthyThreshold, Kind kind, Http http, Tcp tcp,
                          boolean reuseConnection, int altPort) {
    public static final Duration DEFAULT_NO_TRAFFIC_INTERVAL = Duration.ofSeconds(60);

    public HealthCheck {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(kind, "kind");
        intervalJitter = intervalJitter == null ? Duration.ZERO : intervalJitter;
        initialJitter = initialJitter == null ? Duration.ZERO : initialJitter;
        noTrafficInterval = noTrafficInterval == null ? DEFAULT_NO_TRAFFIC_INTERVAL : noTrafficInterval;
        noTrafficHealthyInterval = noTrafficHealthyInterval == null ? noTrafficInterval : noTrafficHealthyInterval;
        unhealthyInterval = unhealthyInterval == null ? interval : unhealthyInterval;
        unhealthyEdgeInterval = unhealthyEdgeInterval == null ? unhealthyInterval : unhealthyEdgeInterval;
        healthyEdgeInterval = healthyEdgeInterval == null ? interval : healthyEdgeInterval;
        http = http == null ? Http.DEFAULT : http;
        tcp = tcp == null ? Tcp.CONNECT_ONLY : tcp;
    }

    public enum Kind { HTTP, TCP }

    /**
     * {@code http_health_check}.
     *
     * @param path                   request path
     * @param host                   Host header (empty: the cluster name, as Envoy)
     * @param method                 request method (default GET)
     * @param expectedStatuses       passing status ranges, start inclusive and end exclusive (default 200 only)
     * @param retriableStatuses      failing status ranges that count towards {@code unhealthy_threshold} instead of
     *                               taking the host out at once
     * @param requestHeaders         extra request headers, name/value pairs
     * @param requestHeadersToRemove request headers not to send (e.g. user-agent)
     */
    public record Http(String path, String host, String method, List<int[]> expectedStatuses,
                       List<int[]> retriableStatuses, List<String[]> requestHeaders,
                       List<String> requestHeadersToRemove) {
        static final Http DEFAULT = new Http("/", "", "GET", null, null, null, null);

        public Http {
            path = path == null ? "/" : path;
            host = host == null ? "" : host;
            method = method == null || method.isEmpty() || method.equals("METHOD_UNSPECIFIED") ? "GET" : method;
            expectedStatuses = expectedStatuses == null || expectedStatuses.isEmpty()
                    ? List.of(new int[]{200, 201}) : List.copyOf(expectedStatuses);
            retriableStatuses = retriableStatuses == null ? List.of() : List.copyOf(retriableStatuses);
            requestHeaders = requestHeaders == null ? List.of() : List.copyOf(requestHeaders);
            requestHeadersToRemove = requestHeadersToRemove == null ? List.of() : List.copyOf(requestHeadersToRemove);
        }

        /** Whether a check answered with {@code status} passes. */
        public boolean expects(int status) {
            return in(expectedStatuses, status);
        }

        /** Whether a failing {@code status} only counts towards the unhealthy threshold. */
        public boolean retriable(int status) {
            return in(retriableStatuses, status);
        }

        private static boolean in(List<int[]> ranges, int status) {
            for (int[] r : ranges) {
                if (status >= r[0] && status < r[1]) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * {@code tcp_health_check}: bytes written after connecting, and byte strings that must all appear in the
     * response, in order; with none expected, connecting is enough.
     */
    public record Tcp(byte[] send, List<byte[]> receive) {
        static final Tcp CONNECT_ONLY = new Tcp(null, null);

        public Tcp {
            send = send == null ? new byte[0] : send.clone();
            receive = receive == null ? List.of() : receive.stream().map(byte[]::clone).toList();
        }
    }
}
