package io.proxyctl.stats;

/** A stat holding a string (Envoy's text readout), for values such as versions that are not numbers. */
public final class TextReadout {
    private final String name;
    private volatile String value = "";
    private volatile boolean used;

    TextReadout(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void set(String v) {
        value = v == null ? "" : v;
        used = true;
    }

    public String value() {
        return value;
    }

    public boolean used() {
        return used;
    }
}
