package io.proxyctl.stats;

/** A tag extracted from a stat name, e.g. {@code envoy.cluster_name="web"}. */
public record Tag(String name, String value) {
}
