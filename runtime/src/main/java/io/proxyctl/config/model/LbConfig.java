package io.proxyctl.config.model;

/**
 * Load-balancer options gathered from {@code common_lb_config} and the {@code lb_config} oneof.
 *
 * @param healthyPanicThreshold  percent of healthy hosts below which a priority is in panic (default 50)
 * @param localityWeighted       {@code locality_weighted_lb_config} is set
 * @param choiceCount            LEAST_REQUEST choice count (default 2)
 * @param minimumRingSize        RING_HASH minimum ring size (default 1024)
 * @param maximumRingSize        RING_HASH maximum ring size (default 8M)
 * @param maglevTableSize        MAGLEV table size, prime (default 65537)
 */
public record LbConfig(double healthyPanicThreshold, boolean localityWeighted, int choiceCount,
                       long minimumRingSize, long maximumRingSize, long maglevTableSize) {
    public static final LbConfig DEFAULT = new LbConfig(50.0, false, 2, 1024, 8L * 1024 * 1024, 65537);
}
