package io.proxyctl.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A route's {@code retry_policy}.
 *
 * @param retryOn              the comma-separated {@code retry_on} conditions as configured
 * @param numRetries           retries after the first attempt (default 1 once a policy exists)
 * @param perTryTimeout        timeout of each attempt (zero: none, only the route timeout applies)
 * @param baseInterval         back-off base (default 25 ms)
 * @param maxInterval          back-off cap (default 10 x base)
 * @param retriableStatusCodes codes retried with {@code retriable-status-codes}
 * @param retriableHeaders     response header matchers retried with {@code retriable-headers}
 * @param avoidPreviousHosts   a {@code previous_hosts} retry host predicate is configured: a retry re-selects a
 *                             host already tried
 * @param hostSelectionRetryMaxAttempts how often host selection is redone for a retry (default 1)
 */
public record RetryPolicy(String retryOn, int numRetries, Duration perTryTimeout, Duration baseInterval,
                          Duration maxInterval, List<Integer> retriableStatusCodes,
                          List<HeaderMatcher> retriableHeaders, boolean avoidPreviousHosts,
                          int hostSelectionRetryMaxAttempts) {
    public static final Duration DEFAULT_BASE_INTERVAL = Duration.ofMillis(25);

    public RetryPolicy {
        retryOn = retryOn == null ? "" : retryOn;
        Objects.requireNonNull(perTryTimeout, "perTryTimeout");
        baseInterval = baseInterval == null ? DEFAULT_BASE_INTERVAL : baseInterval;
        maxInterval = maxInterval == null ? baseInterval.multipliedBy(10) : maxInterval;
        retriableStatusCodes = List.copyOf(retriableStatusCodes);
        retriableHeaders = retriableHeaders == null ? List.of() : List.copyOf(retriableHeaders);
    }
}
