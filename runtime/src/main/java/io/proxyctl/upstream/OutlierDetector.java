package io.proxyctl.upstream;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.proxyctl.config.model.OutlierDetection;
import io.proxyctl.stats.StatsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Outlier detection for one cluster, after Envoy's {@code DetectorImpl}. Worker loops report results per host
 * ({@link #putHttpCode}, {@link #putLocalOrigin}) into lock-free counters; a consecutive-failure streak
 * (5xx, gateway failure, local-origin failure) posts a detection to the detector's own loop, which decides
 * ejections. Every {@code interval} that loop returns hosts whose ejection time is over, shrinks the ejection
 * back-off of hosts that stayed in, and runs the success-rate and failure-percentage sweeps over the interval's
 * counts. All ejection types share {@code max_ejection_percent}.
 */
final class OutlierDetector {
    /** Envoy's {@code OutlierEjectionType}, with its stat name suffix. */
    enum EjectionType {
        CONSECUTIVE_5XX("consecutive_5xx"),
        CONSECUTIVE_GATEWAY_FAILURE("consecutive_gateway_failure"),
        CONSECUTIVE_LOCAL_ORIGIN_FAILURE("consecutive_local_origin_failure"),
        SUCCESS_RATE("success_rate"),
        SUCCESS_RATE_LOCAL_ORIGIN("local_origin_success_rate"),
        FAILURE_PERCENTAGE("failure_percentage"),
        FAILURE_PERCENTAGE_LOCAL_ORIGIN("local_origin_failure_percentage");

        final String statSuffix;

        EjectionType(String statSuffix) {
            this.statSuffix = statSuffix;
        }
    }

    /**
     * A local-origin outcome: a request got a connection (SUCCESS; its answer will be reported too), a TCP proxy
     * connection was established (SUCCESS_FINAL; nothing else will be), a connect failure or reset, a timeout.
     */
    enum LocalOrigin { SUCCESS, SUCCESS_FINAL, CONNECT_FAILED, TIMEOUT }

    private final UpstreamCluster cluster;
    private final OutlierDetection cfg;
    private final EventLoop loop;
    private final OutlierStats stats;
    private ScheduledFuture<?> timer; // loop-confined
    private volatile boolean stopped;
    private volatile double successRateAverage = -1;
    private volatile double successRateThreshold = -1;
    private volatile double localSuccessRateAverage = -1;
    private volatile double localSuccessRateThreshold = -1;

    OutlierDetector(UpstreamCluster cluster, OutlierDetection cfg, EventLoop loop, StatsStore store) {
        this.cluster = cluster;
        this.cfg = cfg;
        this.loop = loop;
        this.stats = new OutlierStats(store, cluster.config().statName());
    }

    OutlierDetection config() {
        return cfg;
    }

    /** Arms the interval timer. */
    void start() {
        execute(this::arm);
    }

    void stop() {
        stopped = true;
        execute(() -> {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        });
    }

    /** Sets the shared {@code ejections_active} gauge from this detector's hosts again (a discarded reload). */
    void republishStats() {
        execute(() -> stats.ejectionsActive.set(countEjected(cluster.prioritySet().allHosts())));
    }

    /** {@code <cluster>::outlier::success_rate_average} of the last sweep, or -1. */
    double successRateAverage() {
        return successRateAverage;
    }

    double successRateEjectionThreshold() {
        return successRateThreshold;
    }

    double localOriginSuccessRateAverage() {
        return localSuccessRateAverage;
    }

    double localOriginSuccessRateEjectionThreshold() {
        return localSuccessRateThreshold;
    }

    // ------------------------------------------------------------------ data path (any loop)

    /** Envoy's {@code putHttpResponseCode}: an answer from the upstream (or, unsplit, a local-origin result). */
    void putHttpCode(Host host, int code) {
        OutlierMonitor m = host.outlier;
        m.externalTotal.increment();
        if (code >= 500 && code < 600) {
            if (code >= 502 && code <= 504) {
                if (m.consecutiveGatewayFailure.incrementAndGet() == cfg.consecutiveGatewayFailure()) {
                    post(host, EjectionType.CONSECUTIVE_GATEWAY_FAILURE);
                }
            } else if (m.consecutiveGatewayFailure.get() != 0) {
                m.consecutiveGatewayFailure.set(0);
            }
            if (m.consecutive5xx.incrementAndGet() == cfg.consecutive5xx()) {
                post(host, EjectionType.CONSECUTIVE_5XX);
            }
            return;
        }
        m.externalSuccess.increment();
        if (m.consecutive5xx.get() != 0) {
            m.consecutive5xx.set(0);
        }
        if (m.consecutiveGatewayFailure.get() != 0) {
            m.consecutiveGatewayFailure.set(0);
        }
    }

    /**
     * A local-origin result. Unsplit (the default) a connect failure or reset counts as a 503 and a timeout as a
     * 504, a TCP proxy connection as a 200, and a request's connection counts for nothing (its answer will);
     * split, they feed the local-origin streak and success rate only.
     */
    void putLocalOrigin(Host host, LocalOrigin result) {
        if (!cfg.splitExternalLocalOriginErrors()) {
            switch (result) {
                case SUCCESS -> { }
                case SUCCESS_FINAL -> putHttpCode(host, 200);
                case TIMEOUT -> putHttpCode(host, 504);
                default -> putHttpCode(host, 503);
            }
            return;
        }
        OutlierMonitor m = host.outlier;
        m.localTotal.increment();
        if (result == LocalOrigin.SUCCESS || result == LocalOrigin.SUCCESS_FINAL) {
            m.localSuccess.increment();
            if (m.consecutiveLocalOriginFailure.get() != 0) {
                m.consecutiveLocalOriginFailure.set(0);
            }
        } else if (m.consecutiveLocalOriginFailure.incrementAndGet() == cfg.consecutiveLocalOriginFailure()) {
            post(host, EjectionType.CONSECUTIVE_LOCAL_ORIGIN_FAILURE);
        }
    }

    /** An active health check passed for {@code host}: Envoy returns an ejected host at once (by default). */
    void onHealthCheckSuccess(Host host) {
        if (cfg.successfulActiveHealthCheckUnejectHost() && host.ejected()) {
            execute(() -> {
                if (host.ejected() && !host.failedActiveHealthCheck()) {
                    uneject(host, System.nanoTime());
                    stats.ejectionsActive.set(countEjected(cluster.prioritySet().allHosts()));
                }
            });
        }
    }

    private void post(Host host, EjectionType type) {
        execute(() -> consecutiveError(host, type));
    }

    private void execute(Runnable r) {
        try {
            loop.execute(r);
        } catch (RejectedExecutionException e) {
            // the loops are shutting down: nothing is left to eject
        }
    }

    // ------------------------------------------------------------------ detector loop

    private void consecutiveError(Host host, EjectionType type) {
        if (stopped || host.ejected() || !cluster.prioritySet().allHosts().contains(host)) {
            return;
        }
        stats.detected(type).inc();
        eject(host, type, cluster.prioritySet().allHosts());
        // A streak restarts after a detection, ejected or not, so a steady failure is detected again later.
        switch (type) {
            case CONSECUTIVE_5XX -> {
                stats.ejectionsConsecutive5xx.inc();
                host.outlier.consecutive5xx.set(0);
            }
            case CONSECUTIVE_GATEWAY_FAILURE -> host.outlier.consecutiveGatewayFailure.set(0);
            default -> host.outlier.consecutiveLocalOriginFailure.set(0);
        }
    }

    /**
     * Envoy's {@code ejectHost}: only while the ejected hosts, this one included, stay within
     * {@code max_ejection_percent} (or it is the first and {@code always_eject_one_host} is set), and when the
     * type's enforcement allows.
     */
    private void eject(Host host, EjectionType type, List<Host> hosts) {
        if (host.ejected()) {
            return;
        }
        int active = countEjected(hosts);
        double ejectedPercent = 100.0 * (active + 1) / Math.max(1, hosts.size());
        boolean allowed = ejectedPercent <= Math.min(100, cfg.maxEjectionPercent())
                || cfg.alwaysEjectOneHost() && active == 0;
        if (!allowed) {
            stats.ejectionsOverflow.inc();
            return;
        }
        if (type == EjectionType.CONSECUTIVE_5XX || type == EjectionType.SUCCESS_RATE) {
            stats.ejectionsTotal.inc();
        }
        if (ThreadLocalRandom.current().nextInt(100) >= enforcing(type)) {
            return;
        }
        stats.ejectionsEnforcedTotal.inc();
        stats.enforced(type).inc();
        OutlierMonitor m = host.outlier;
        m.numEjections++;
        m.lastEjectionNanos = System.nanoTime();
        long jitter = cfg.maxEjectionTimeJitter().toNanos();
        m.ejectionJitterNanos = jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter) : 0;
        long base = cfg.baseEjectionTime().toMillis();
        if ((long) m.ejectTimeBackoff * base < cfg.maxEjectionTime().toMillis() + base) {
            m.ejectTimeBackoff++;
        }
        cluster.setEjected(host, true);
        stats.ejectionsActive.set(active + 1);
    }

    private int enforcing(EjectionType type) {
        return switch (type) {
            case CONSECUTIVE_5XX -> cfg.enforcingConsecutive5xx();
            case CONSECUTIVE_GATEWAY_FAILURE -> cfg.enforcingConsecutiveGatewayFailure();
            case CONSECUTIVE_LOCAL_ORIGIN_FAILURE -> cfg.enforcingConsecutiveLocalOriginFailure();
            case SUCCESS_RATE -> cfg.enforcingSuccessRate();
            case SUCCESS_RATE_LOCAL_ORIGIN -> cfg.enforcingLocalOriginSuccessRate();
            case FAILURE_PERCENTAGE -> cfg.enforcingFailurePercentage();
            case FAILURE_PERCENTAGE_LOCAL_ORIGIN -> cfg.enforcingFailurePercentageLocalOrigin();
        };
    }

    private void uneject(Host host, long now) {
        // Fresh streaks: a counter left near its trigger would eject again after very few errors.
        host.outlier.resetConsecutive();
        host.outlier.lastUnejectionNanos = now;
        cluster.setEjected(host, false);
    }

    private static int countEjected(List<Host> hosts) {
        int n = 0;
        for (Host h : hosts) {
            n += h.ejected() ? 1 : 0;
        }
        return n;
    }

    private void arm() {
        if (!stopped) {
            timer = loop.schedule(this::onInterval, Math.max(1, cfg.interval().toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private void onInterval() {
        timer = null;
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        List<Host> hosts = cluster.prioritySet().allHosts();
        int n = hosts.size();
        long[] extTotal = new long[n];
        long[] extSuccess = new long[n];
        long[] localTotal = new long[n];
        long[] localSuccess = new long[n];
        for (int i = 0; i < n; i++) {
            Host h = hosts.get(i);
            checkForUneject(h, now);
            OutlierMonitor m = h.outlier;
            extTotal[i] = m.externalTotal.sumThenReset();
            extSuccess[i] = m.externalSuccess.sumThenReset();
            localTotal[i] = m.localTotal.sumThenReset();
            localSuccess[i] = m.localSuccess.sumThenReset();
            m.successRate = -1;
            m.localOriginSuccessRate = -1;
        }
        sweep(hosts, extTotal, extSuccess, false);
        sweep(hosts, localTotal, localSuccess, true);
        stats.ejectionsActive.set(countEjected(cluster.prioritySet().allHosts()));
        arm();
    }

    /**
     * Returns a host whose ejection time ({@code base_ejection_time} times its back-off, capped by
     * {@code max_ejection_time}, plus its jitter) is over; a host that stayed in for a whole interval since it returned has its
     * back-off lowered by one, so ejection times shrink again while a host behaves.
     */
    private void checkForUneject(Host host, long now) {
        OutlierMonitor m = host.outlier;
        long intervalNanos = cfg.interval().toNanos();
        if (!host.ejected()) {
            if (m.ejectTimeBackoff > 0 && m.lastUnejectionNanos != 0 && now - m.lastUnejectionNanos >= intervalNanos) {
                m.ejectTimeBackoff--;
            }
            return;
        }
        long base = cfg.baseEjectionTime().toNanos();
        long ejectionNanos = Math.min(base * Math.max(1, m.ejectTimeBackoff),
                Math.max(base, cfg.maxEjectionTime().toNanos())) + m.ejectionJitterNanos;
        if (now - m.lastEjectionNanos >= ejectionNanos) {
            uneject(host, now);
        }
    }

    /** Envoy's {@code processSuccessRateEjections} for one monitor type over the interval that just ended. */
    private void sweep(List<Host> hosts, long[] total, long[] success, boolean local) {
        if (local) {
            localSuccessRateAverage = -1;
            localSuccessRateThreshold = -1;
        } else {
            successRateAverage = -1;
            successRateThreshold = -1;
        }
        int srMinHosts = cfg.successRateMinimumHosts();
        int srVolume = cfg.successRateRequestVolume();
        int fpMinHosts = cfg.failurePercentageMinimumHosts();
        int fpVolume = cfg.failurePercentageRequestVolume();
        if (hosts.size() < srMinHosts && hosts.size() < fpMinHosts) {
            return;
        }
        List<Host> srHosts = new ArrayList<>();
        List<Double> srRates = new ArrayList<>();
        List<Host> fpHosts = new ArrayList<>();
        List<Double> fpRates = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < hosts.size(); i++) {
            Host h = hosts.get(i);
            if (h.ejected() || total[i] == 0) {
                continue;
            }
            double rate = success[i] * 100.0 / total[i];
            if (total[i] >= Math.min(srVolume, fpVolume)) {
                if (local) {
                    h.outlier.localOriginSuccessRate = rate;
                } else {
                    h.outlier.successRate = rate;
                }
            }
            if (total[i] >= srVolume) {
                srHosts.add(h);
                srRates.add(rate);
                sum += rate;
            }
            if (total[i] >= fpVolume) {
                fpHosts.add(h);
                fpRates.add(rate);
            }
        }
        if (!srHosts.isEmpty() && srHosts.size() >= srMinHosts) {
            double mean = sum / srHosts.size();
            double variance = 0;
            for (double r : srRates) {
                variance += (r - mean) * (r - mean);
            }
            double stdev = Math.sqrt(variance / srHosts.size());
            double threshold = mean - cfg.successRateStdevFactor() / 1000.0 * stdev;
            if (local) {
                localSuccessRateAverage = mean;
                localSuccessRateThreshold = threshold;
            } else {
                successRateAverage = mean;
                successRateThreshold = threshold;
            }
            EjectionType type = local ? EjectionType.SUCCESS_RATE_LOCAL_ORIGIN : EjectionType.SUCCESS_RATE;
            for (int i = 0; i < srHosts.size(); i++) {
                if (srRates.get(i) < threshold) {
                    if (!local) {
                        stats.ejectionsSuccessRate.inc();
                    }
                    stats.detected(type).inc();
                    eject(srHosts.get(i), type, cluster.prioritySet().allHosts());
                }
            }
        }
        if (!fpHosts.isEmpty() && fpHosts.size() >= fpMinHosts) {
            EjectionType type = local ? EjectionType.FAILURE_PERCENTAGE_LOCAL_ORIGIN : EjectionType.FAILURE_PERCENTAGE;
            for (int i = 0; i < fpHosts.size(); i++) {
                if (100.0 - fpRates.get(i) >= cfg.failurePercentageThreshold()) {
                    stats.detected(type).inc();
                    eject(fpHosts.get(i), type, cluster.prioritySet().allHosts());
                }
            }
        }
    }
}
