package io.proxyctl.config.bind;

import io.proxyctl.config.model.HcmTimeouts;
import io.proxyctl.config.model.HttpConnectionManager;
import io.proxyctl.config.model.HttpFilter;
import io.proxyctl.config.model.RouteConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Binds the {@code HttpConnectionManager} network filter config. */
final class HcmBinder {
    static final String TYPE = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
    static final String TYPE_V2 = "envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager";

    private HcmBinder() {
    }

    static HttpConnectionManager bind(String filterName, Obj c) {
        String statPrefix = c.str("stat_prefix", null);
        if (statPrefix == null || statPrefix.isEmpty()) {
            throw new BindException(c.ptr("stat_prefix"), "http_connection_manager needs a stat_prefix");
        }
        RouteConfiguration rc = null;
        String rds = null;
        if (c.has("route_config")) {
            rc = RouteBinder.routeConfiguration(c.obj("route_config"));
        } else if (c.has("rds")) {
            rds = c.obj("rds").str("route_config_name", "");
        } else if (c.has("scoped_routes")) {
            throw new BindException(c.ptr("scoped_routes"), "scoped_routes are not supported");
        } else {
            throw new BindException(c.pointer(), "http_connection_manager has no route_config");
        }
        List<HttpFilter> filters = new ArrayList<>();
        for (Obj f : c.objs("http_filters")) {
            TypedConfig tc = TypedConfig.of(f, "typed_config");
            String type = tc == null ? null : tc.typeUrl();
            if (tc != null && tc.is("envoy.extensions.filters.http.router.v3.Router", "envoy.config.filter.http.router.v2.Router")) {
                type = HttpFilter.ROUTER_TYPE;
            }
            filters.add(new HttpFilter(f.str("name", ""), type, f.bool("is_optional", false), f.bool("disabled", false)));
        }
        HttpConnectionManager.Forwarding fwd = new HttpConnectionManager.Forwarding(
                c.bool("use_remote_address", false), c.integer("xff_num_trusted_hops", 0),
                c.bool("skip_xff_append", false), c.str("via", ""), c.bool("generate_request_id", true),
                c.bool("preserve_external_request_id", false), c.bool("always_set_request_id_in_response", false));
        Obj common = c.obj("common_http_protocol_options");
        HcmTimeouts d = HcmTimeouts.DEFAULT;
        Duration idle = common == null ? d.idleTimeout() : common.duration("idle_timeout", d.idleTimeout());
        if (common == null && c.has("idle_timeout")) {
            idle = c.duration("idle_timeout", idle); // v2 location
        }
        HcmTimeouts timeouts = new HcmTimeouts(
                c.duration("stream_idle_timeout", d.streamIdleTimeout()),
                c.duration("request_timeout", d.requestTimeout()),
                c.duration("request_headers_timeout", d.requestHeadersTimeout()),
                c.duration("drain_timeout", d.drainTimeout()), idle,
                common == null ? Duration.ZERO : common.duration("max_connection_duration", Duration.ZERO),
                common == null ? 0 : common.integer("max_requests_per_connection", 0),
                common == null ? Duration.ZERO : common.duration("max_stream_duration", Duration.ZERO));
        Obj h1 = c.obj("http_protocol_options");
        HttpConnectionManager.Http1Options http1 = h1 == null ? HttpConnectionManager.Http1Options.DEFAULT
                : new HttpConnectionManager.Http1Options(h1.bool("accept_http_10", false),
                h1.str("default_host_for_http_10", ""), h1.bool("allow_absolute_url", true));
        int maxKb = c.integer("max_request_headers_kb", 60);
        return new HttpConnectionManager(filterName, statPrefix,
                c.enumValue("codec_type", HttpConnectionManager.CodecType.class, HttpConnectionManager.CodecType.AUTO),
                rc, rds, filters, AccessLogBinder.accessLogs(c, "access_log"), fwd, timeouts,
                RouteBinder.upgradeConfigs(c), c.str("server_name", "envoy"),
                c.enumValue("server_header_transformation", HttpConnectionManager.ServerHeaderTransformation.class,
                        HttpConnectionManager.ServerHeaderTransformation.OVERWRITE),
                maxKb, common == null ? 100 : common.integer("max_headers_count", 100),
                c.bool("proxy_100_continue", false), http1, c.bool("strip_matching_host_port", false),
                c.bool("strip_any_host_port", false), ClusterBinder.http2Options(c.obj("http2_protocol_options")));
    }
}
