/**
 * Semantic comparison of two Envoy configurations: {@link io.proxyctl.config.diff.ResourceSet} turns a v3
 * bootstrap or an admin {@code /config_dump} into normalised resources keyed by kind and name, and
 * {@link io.proxyctl.config.diff.ConfigDiff} compares two such sets into added, removed and modified resources with
 * field-level changes. Pure: no I/O, no printing; positions come from each side's {@code SourceMap}.
 */
package io.proxyctl.config.diff;
