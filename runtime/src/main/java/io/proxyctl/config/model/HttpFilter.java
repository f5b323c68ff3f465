package io.proxyctl.config.model;

/** An entry of {@code http_filters}: its name, the {@code @type} of its config, and the optional/disabled flags. */
public record HttpFilter(String name, String typeUrl, boolean optional, boolean disabled) {
    public static final String ROUTER_TYPE = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";

    /** True for the router filter. */
    public boolean isRouter() {
        return ROUTER_TYPE.equals(typeUrl)
                || typeUrl == null && ("envoy.filters.http.router".equals(name) || "envoy.router".equals(name));
    }
}
