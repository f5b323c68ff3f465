package io.proxyctl.config.schema;

/** The Envoy API major version a bootstrap is validated against, with its root message. */
public enum ApiVersion {
    V3("envoy.config.bootstrap.v3.Bootstrap", "v3"),
    V2("envoy.config.bootstrap.v2.Bootstrap", "v2");

    private final String rootMessage;
    private final String family;

    ApiVersion(String rootMessage, String family) {
        this.rootMessage = rootMessage;
        this.family = family;
    }

    /** The version named "v3" or "v2" (any letter case), as {@code --api} takes it. */
    public static ApiVersion fromName(String name) {
        for (ApiVersion v : values()) {
            if (v.family.equalsIgnoreCase(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown API version '" + name + "' (expected v3 or v2)");
    }

    /** Full protobuf name of the bootstrap message, e.g. {@code envoy.config.bootstrap.v3.Bootstrap}. */
    public String rootMessage() {
        return rootMessage;
    }

    /** The package family in the generated index ("v3" or "v2"). */
    String family() {
        return family;
    }
}
