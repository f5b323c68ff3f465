package io.proxyctl.upstream;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One host's outlier-detection state (Envoy's {@code DetectorHostMonitorImpl}): the consecutive-failure counters
 * and the per-interval success-rate buckets, written by every worker loop without locks, plus the ejection
 * back-off, which only the cluster's {@link OutlierDetector} loop touches.
 */
final class OutlierMonitor {
    final AtomicInteger consecutive5xx = new AtomicInteger();
    final AtomicInteger consecutiveGatewayFailure = new AtomicInteger();
    final AtomicInteger consecutiveLocalOriginFailure = new AtomicInteger();
    /** Requests and successes in the current interval: upstream answers (external) and local-origin outcomes. */
    final LongAdder externalTotal = new LongAdder();
    final LongAdder externalSuccess = new LongAdder();
    final LongAdder localTotal = new LongAdder();
    final LongAdder localSuccess = new LongAdder();

    // Detector-loop confined.
    int ejectTimeBackoff;
    int numEjections;
    long lastEjectionNanos;
    long lastUnejectionNanos;
    long ejectionJitterNanos; // drawn at each ejection from max_ejection_time_jitter

    /** The success rates computed at the last interval, -1 when the host lacked the volume (shown by /clusters). */
    volatile double successRate = -1;
    volatile double localOriginSuccessRate = -1;

    void resetConsecutive() {
        consecutive5xx.set(0);
        consecutiveGatewayFailure.set(0);
        consecutiveLocalOriginFailure.set(0);
    }
}
