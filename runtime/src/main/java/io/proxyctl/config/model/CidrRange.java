package io.proxyctl.config.model;

/** {@code CidrRange}: an address prefix and its length in bits. */
public record CidrRange(String addressPrefix, int prefixLen) {
}
