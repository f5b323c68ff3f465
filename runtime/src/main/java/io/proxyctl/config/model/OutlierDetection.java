package io.proxyctl.config.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A cluster's {@code outlier_detection}, the consecutive-5xx part (Envoy defaults in brackets).
 *
 * @param consecutive5xx          consecutive failures that eject a host [5]
 * @param enforcingConsecutive5xx percent chance an ejection detected this way is enforced [100]
 * @param baseEjectionTime        ejection time, multiplied by the number of times the host was ejected [30 s]
 * @param maxEjectionTime         cap on the ejection time [300 s]
 * @param maxEjectionPercent      most hosts that may be ejected at once, in percent; one host always may [10]
 */
public record OutlierDetection(int consecutive5xx, int enforcingConsecutive5xx, Duration baseEjectionTime,
                               Duration maxEjectionTime, int maxEjectionPercent) {
    public OutlierDetection {
        Objects.requireNonNull(baseEjectionTime, "baseEjectionTime");
        Objects.requireNonNull(maxEjectionTime, "maxEjectionTime");
    }
}
