package io.proxyctl.upstream;

import io.proxyctl.stats.Counter;
import io.proxyctl.stats.Gauge;
import io.proxyctl.stats.StatsStore;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code cluster.<name>.outlier_detection.*} stats, created with the cluster's detector (as Envoy does, only
 * for clusters that configure {@code outlier_detection}).
 */
public final class OutlierStats {
    final Gauge ejectionsActive;
    final Counter ejectionsEnforcedTotal;
    final Counter ejectionsOverflow;
    /** Deprecated Envoy counters, still emitted by Envoy: consecutive-5xx and success-rate ejections in budget. */
    final Counter ejectionsTotal;
    final Counter ejectionsConsecutive5xx;
    final Counter ejectionsSuccessRate;
    private final Map<OutlierDetector.EjectionType, Counter> detected = new EnumMap<>(OutlierDetector.EjectionType.class);
    private final Map<OutlierDetector.EjectionType, Counter> enforced = new EnumMap<>(OutlierDetector.EjectionType.class);

    OutlierStats(StatsStore s, String statName) {
        String p = "cluster." + statName + ".outlier_detection.";
        ejectionsActive = s.gauge(p + "ejections_active");
        ejectionsEnforcedTotal = s.counter(p + "ejections_enforced_total");
        ejectionsOverflow = s.counter(p + "ejections_overflow");
        ejectionsTotal = s.counter(p + "ejections_total");
        ejectionsConsecutive5xx = s.counter(p + "ejections_consecutive_5xx");
        ejectionsSuccessRate = s.counter(p + "ejections_success_rate");
        for (OutlierDetector.EjectionType t : OutlierDetector.EjectionType.values()) {
            detected.put(t, s.counter(p + "ejections_detected_" + t.statSuffix));
            enforced.put(t, s.counter(p + "ejections_enforced_" + t.statSuffix));
        }
    }

    Counter detected(OutlierDetector.EjectionType t) {
        return detected.get(t);
    }

    Counter enforced(OutlierDetector.EjectionType t) {
        return enforced.get(t);
    }
}
