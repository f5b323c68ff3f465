package io.proxyctl.config.model;

/** {@code Locality}: region, zone and sub-zone ("" when unset). */
public record Locality(String region, String zone, String subZone) {
    public static final Locality NONE = new Locality("", "", "");
}
