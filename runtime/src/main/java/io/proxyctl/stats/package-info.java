/**
 * A lock-free stats store with Envoy's stat names: counters, gauges and histograms are registered once (at
 * config time) and then updated through direct references; {@link io.proxyctl.stats.StatsView} is the
 * read-only view for the admin interface.
 */
package io.proxyctl.stats;
