/**
 * Rendering of the stats store for {@code /stats} (text and JSON, Envoy's quantile and bucket views) and
 * {@code /stats/prometheus} (Prometheus 0.0.4 text with Envoy's tag extraction), from one {@code StatsSnapshot}.
 */
package io.proxyctl.admin.stats;
