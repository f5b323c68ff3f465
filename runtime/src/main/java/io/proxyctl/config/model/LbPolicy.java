package io.proxyctl.config.model;

/** {@code Cluster.LbPolicy}. */
public enum LbPolicy { ROUND_ROBIN, LEAST_REQUEST, RING_HASH, RANDOM, MAGLEV, CLUSTER_PROVIDED, LOAD_BALANCING_POLICY_CONFIG }
