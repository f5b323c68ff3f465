package io.proxyctl.config.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A cluster's {@code outlier_detection} (Envoy's defaults in brackets). Percent values are 0..100; the enforcing
 * ones are the chance that a detected outlier is really ejected.
 *
 * @param consecutive5xx                         consecutive 5xx (and, unsplit, local-origin failures) that eject [5]
 * @param consecutiveGatewayFailure              consecutive 502/503/504 (and, unsplit, local-origin failures) [5]
 * @param consecutiveLocalOriginFailure          consecutive local-origin failures, only when split [5]
 * @param interval                               period of the success-rate sweep and of un-ejection checks [10 s]
 * @param baseEjectionTime                       ejection time, multiplied by the host's ejection back-off [30 s]
 * @param maxEjectionTime                        cap on the ejection time [300 s]
 * @param maxEjectionPercent                     most hosts that may be ejected at once, counting the new one: with
 *                                               fewer than 10 hosts the default 10 ejects none [10]
 * @param enforcingConsecutive5xx                [100]
 * @param enforcingConsecutiveGatewayFailure     [0]
 * @param enforcingConsecutiveLocalOriginFailure [100]
 * @param enforcingSuccessRate                   [100]
 * @param enforcingLocalOriginSuccessRate        [100]
 * @param enforcingFailurePercentage             [0]
 * @param enforcingFailurePercentageLocalOrigin  [0]
 * @param successRateMinimumHosts                hosts with enough volume needed for success-rate detection [5]
 * @param successRateRequestVolume               requests in an interval for a host to count [100]
 * @param successRateStdevFactor                 the ejection threshold is mean - stdev * factor / 1000 [1900]
 * @param failurePercentageThreshold             failure percentage at or above which a host is an outlier [85]
 * @param failurePercentageMinimumHosts          [5]
 * @param failurePercentageRequestVolume         [50]
 * @param splitExternalLocalOriginErrors         track local-origin errors (connect failure, reset, timeout) apart
 *                                               from the upstream's 5xx answers [false]
 * @param successfulActiveHealthCheckUnejectHost a passing active health check returns an ejected host [true]
 * @param alwaysEjectOneHost                     the first ejection is allowed whatever max_ejection_percent [false]
 * @param maxEjectionTimeJitter                  random time up to this added to each ejection [0]
 */
public record OutlierDetection(int consecutive5xx, int consecutiveGatewayFailure, int consecutiveLocalOriginFailure,
                               Duration interval, Duration baseEjectionTime, Duration maxEjectionTime,
                               int maxEjectionPercent, int enforcingConsecutive5xx,
                               int enforcingConsecutiveGatewayFailure, int enforcingConsecutiveLocalOriginFailure,
                               int enforcingSuccessRate, int enforcingLocalOriginSuccessRate,
                               int enforcingFailurePercentage, int enforcingFailurePercentageLocalOrigin,
                               int successRateMinimumHosts, int successRateRequestVolume, int successRateStdevFactor,
                               int failurePercentageThreshold, int failurePercentageMinimumHosts,
                               int failurePercentageRequestVolume, boolean splitExternalLocalOriginErrors,
                               boolean successfulActiveHealthCheckUnejectHost, boolean alwaysEjectOneHost,
                               Duration maxEjectionTimeJitter) {
    /** An {@code outlier_detection: {}} block: every field at Envoy's default. */
    public static final OutlierDetection DEFAULTS = new OutlierDetection(5, 5, 5, Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(300), 10, 100, 0, 100, 100, 100, 0, 0, 5, 100, 1900, 85, 5, 50,
            false, true, false, Duration.ZERO);

    public OutlierDetection {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(baseEjectionTime, "baseEjectionTime");
        Objects.requireNonNull(maxEjectionTime, "maxEjectionTime");
        maxEjectionTimeJitter = maxEjectionTimeJitter == null ? Duration.ZERO : maxEjectionTimeJitter;
    }
}
