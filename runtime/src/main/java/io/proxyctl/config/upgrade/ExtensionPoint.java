package io.proxyctl.config.upgrade;

/**
 * The places where a config names an extension ({@code name} plus {@code typed_config}, or the v2
 * {@code config}). The same name can mean different extensions at different points (ext_authz exists as an
 * HTTP and a network filter; the "tls" transport socket is Upstream- or DownstreamTlsContext), so names and
 * types are always looked up per point.
 */
public enum ExtensionPoint {
    NETWORK_FILTER("network filter"),
    HTTP_FILTER("HTTP filter"),
    LISTENER_FILTER("listener filter"),
    ACCESS_LOG("access log"),
    UPSTREAM_TRANSPORT_SOCKET("transport socket"),
    DOWNSTREAM_TRANSPORT_SOCKET("transport socket"),
    STATS_SINK("stats sink"),
    TRACER("tracer"),
    HEALTH_CHECKER("health checker"),
    RESOURCE_MONITOR("resource monitor"),
    RETRY_HOST_PREDICATE("retry host predicate"),
    RETRY_PRIORITY("retry priority"),
    /** A key of typed_per_filter_config: an HTTP filter name whose per-route message differs from the filter's. */
    PER_ROUTE("per-route filter config");

    private final String label;

    ExtensionPoint(String label) {
        this.label = label;
    }

    /** How diagnostics call an extension at this point ("HTTP filter"). */
    public String label() {
        return label;
    }
}
