package io.proxyctl.stats;

/** Read-only access to the stats of a running server, for the admin interface and tests. */
public interface StatsView {
    /** All stats, each list sorted by name. */
    StatsSnapshot snapshot();

    /** The value of a counter or gauge, or -1 when no such stat exists. */
    long value(String name);

    /** One histogram's state, or null when no such histogram exists. */
    HistogramSnapshot histogramSnapshot(String name);

    /** Resets every counter to zero. */
    void resetCounters();
}
