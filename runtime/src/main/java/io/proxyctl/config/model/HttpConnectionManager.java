package io.proxyctl.config.model;

import java.util.List;
import java.util.Objects;

/**
 * The {@code envoy.filters.network.http_connection_manager} network filter.
 *
 * @param name                       the filter name
 * @param statPrefix                 stats root {@code http.<stat_prefix>.}
 * @param codecType                  the downstream codec
 * @param routeConfig                the inline route configuration, or null when {@code rds} is used
 * @param rdsRouteConfigName         the RDS route configuration name, or null
 * @param httpFilters                HTTP filters, router last
 * @param accessLog                  access loggers
 * @param forwarding                 x-forwarded-for / request-id / via handling
 * @param timeouts                   connection and stream timeouts
 * @param upgradeConfigs             allowed upgrades (e.g. websocket)
 * @param serverName                 the {@code server} header value (default {@code envoy})
 * @param serverHeaderTransformation how the upstream's {@code server} header is treated
 * @param maxRequestHeadersKb        the request header size limit in KiB (default 60)
 * @param proxy100Continue           forward {@code Expect: 100-continue} upstream instead of answering it
 * @param http1                      HTTP/1 protocol options
 * @param stripMatchingHostPort      strip the Host port when it equals the listener port
 * @param stripAnyHostPort           strip any Host port
 * @param http2                      HTTP/2 protocol options (downstream)
 */
public record HttpConnectionManager(String name, String statPrefix, CodecType codecType,
                                    RouteConfiguration routeConfig, String rdsRouteConfigName,
                                    List<HttpFilter> httpFilters, List<AccessLog> accessLog,
                                    Forwarding forwarding, HcmTimeouts timeouts,
                                    List<UpgradeConfig> upgradeConfigs, String serverName,
                                    ServerHeaderTransformation serverHeaderTransformation,
                                    int maxRequestHeadersKb, int maxHeadersCount, boolean proxy100Continue, Http1Options http1,
                                    boolean stripMatchingHostPort, boolean stripAnyHostPort, Http2Options http2)
        implements NetworkFilter {
    public HttpConnectionManager {
        Objects.requireNonNull(statPrefix, "statPrefix");
        httpFilters = List.copyOf(httpFilters);
        accessLog = List.copyOf(accessLog);
        upgradeConfigs = List.copyOf(upgradeConfigs);
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(http1, "http1");
        http2 = http2 == null ? Http2Options.DEFAULT : http2;
        serverName = serverName == null || serverName.isEmpty() ? "envoy" : serverName;
        serverHeaderTransformation = serverHeaderTransformation == null
                ? ServerHeaderTransformation.OVERWRITE : serverHeaderTransformation;
    }

    /** {@code codec_type}. */
    public enum CodecType { AUTO, HTTP1, HTTP2, HTTP3 }

    /** {@code server_header_transformation}. */
    public enum ServerHeaderTransformation { OVERWRITE, APPEND_IF_ABSENT, PASS_THROUGH }

    /**
     * Client address and request-id handling.
     *
     * @param useRemoteAddress             trust the peer address (edge proxy) and append it to x-forwarded-for
     * @param xffNumTrustedHops            trusted hops in x-forwarded-for
     * @param skipXffAppend                do not append to x-forwarded-for
     * @param via                          the value appended to {@code via}, or "" for none
     * @param generateRequestId            generate x-request-id when absent (default true)
     * @param preserveExternalRequestId    keep an external request's x-request-id
     * @param alwaysSetRequestIdInResponse echo x-request-id in responses
     */
    public record Forwarding(boolean useRemoteAddress, int xffNumTrustedHops, boolean skipXffAppend, String via,
                             boolean generateRequestId, boolean preserveExternalRequestId,
                             boolean alwaysSetRequestIdInResponse) {
        public static final Forwarding DEFAULT = new Forwarding(false, 0, false, "", true, false, false);

        public Forwarding {
            via = via == null ? "" : via;
        }
    }

    /** HTTP/1 protocol options: {@code accept_http_10}, {@code default_host_for_http_10}, {@code allow_absolute_url}. */
    public record Http1Options(boolean acceptHttp10, String defaultHostForHttp10, boolean allowAbsoluteUrl) {
        public static final Http1Options DEFAULT = new Http1Options(false, "", true);

        public Http1Options {
            defaultHostForHttp10 = defaultHostForHttp10 == null ? "" : defaultHostForHttp10;
        }
    }
}
