package io.proxyctl.cli.admin;

/** The {@code --type} choices of {@code admin stats}, with Envoy's {@code ?type=} spelling. */
public enum StatType {
    counters("Counters"), gauges("Gauges"), histograms("Histograms");

    private final String envoy;

    StatType(String envoy) {
        this.envoy = envoy;
    }

    /** The value of Envoy's {@code /stats?type=} parameter. */
    public String envoyName() {
        return envoy;
    }
}
