package io.proxyctl.upstream;

import io.netty.channel.EventLoop;
import io.proxyctl.config.model.OutlierDetection;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Consecutive-5xx outlier detection for one cluster: counts consecutive failed requests per host (any loop,
 * lock-free) and ejects a host that reaches the threshold, within {@code max_ejection_percent}, for
 * {@code base_ejection_time} times its ejection count (capped by {@code max_ejection_time}). Ejection decisions
 * and timers run on one event loop.
 */
final class OutlierDetector {
    private final UpstreamCluster cluster;
    private final OutlierDetection cfg;
    private final EventLoop loop;
    private int ejectedNow; // loop-confined

    OutlierDetector(UpstreamCluster cluster, OutlierDetection cfg, EventLoop loop) {
        this.cluster = cluster;
        this.cfg = cfg;
        this.loop = loop;
    }

    /** A request to {@code host} ended; {@code failure} for a 5xx or a local-origin error (connect, reset, timeout). */
    void onResult(Host host, boolean failure) {
        if (!failure) {
            if (host.consecutive5xx.get() != 0) {
                host.consecutive5xx.set(0);
            }
            return;
        }
        if (host.consecutive5xx.incrementAndGet() == cfg.consecutive5xx()) {
            try {
                loop.execute(() -> detected(host));
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    private void detected(Host host) {
        host.consecutive5xx.set(0);
        if (host.ejected()) {
            return;
        }
        ClusterStats st = cluster.stats();
        st.odDetectedConsecutive5xx.inc();
        if (ThreadLocalRandom.current().nextInt(100) >= cfg.enforcingConsecutive5xx()) {
            return;
        }
        int total = cluster.prioritySet().totalHosts();
        if (ejectedNow > 0 && (ejectedNow + 1) * 100L > (long) cfg.maxEjectionPercent() * total) {
            st.odEjectionsOverflow.inc();
            return;
        }
        host.ejections++;
        ejectedNow++;
        st.odEjectionsEnforcedTotal.inc();
        st.odEjectionsEnforcedConsecutive5xx.inc();
        st.odEjectionsActive.inc();
        cluster.setEjected(host, true);
        long base = cfg.baseEjectionTime().toMillis();
        long ms = Math.min(base * host.ejections, Math.max(base, cfg.maxEjectionTime().toMillis()));
        loop.schedule(() -> {
            ejectedNow--;
            st.odEjectionsActive.dec();
            cluster.setEjected(host, false);
        }, Math.max(1, ms), TimeUnit.MILLISECONDS);
    }
}
