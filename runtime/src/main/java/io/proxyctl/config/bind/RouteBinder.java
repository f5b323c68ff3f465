package io.proxyctl.config.bind;

import io.proxyctl.config.model.ClusterWeight;
import io.proxyctl.config.model.DirectResponse;
import io.proxyctl.config.model.HashPolicy;
import io.proxyctl.config.model.HeaderMatcher;
import io.proxyctl.config.model.QueryParameterMatcher;
import io.proxyctl.config.model.Redirect;
import io.proxyctl.config.model.RetryPolicy;
import io.proxyctl.config.model.Route;
import io.proxyctl.config.model.MaxStreamDuration;
import io.proxyctl.config.model.RouteAction;
import io.proxyctl.config.model.RouteConfiguration;
import io.proxyctl.config.model.RouteMatch;
import io.proxyctl.config.model.StringMatcher;
import io.proxyctl.config.model.UpgradeConfig;
import io.proxyctl.config.model.VirtualHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Binds {@code RouteConfiguration} and everything below it. */
final class RouteBinder {
    private RouteBinder() {
    }

    static RouteConfiguration routeConfiguration(Obj rc) {
        List<VirtualHost> vhosts = new ArrayList<>();
        for (Obj v : rc.objs("virtual_hosts")) {
            vhosts.add(virtualHost(v));
        }
        return new RouteConfiguration(rc.str("name", ""), vhosts, CommonBinder.headerMutations(rc),
                CommonBinder.lowerStrings(rc, "internal_only_headers"), rc.bool("ignore_port_in_host_matching", false),
                rc.bool("most_specific_header_mutations_wins", false), rc.bool("validate_clusters", true));
    }

    static VirtualHost virtualHost(Obj v) {
        List<Route> routes = new ArrayList<>();
        for (Obj r : v.objs("routes")) {
            routes.add(route(r));
        }
        VirtualHost.RequireTls tls = v.enumValue("require_tls", VirtualHost.RequireTls.class, VirtualHost.RequireTls.NONE);
        return new VirtualHost(v.str("name", ""), v.strings("domains"), routes, CommonBinder.headerMutations(v), tls,
                retryPolicy(v.obj("retry_policy")));
    }

    static Route route(Obj r) {
        Obj m = r.obj("match");
        if (m == null) {
            throw new BindException(r.ptr("match"), "route has no match");
        }
        Route.Action action;
        if (r.has("route")) {
            action = routeAction(r.obj("route"));
        } else if (r.has("redirect")) {
            action = redirect(r.obj("redirect"));
        } else if (r.has("direct_response")) {
            Obj d = r.obj("direct_response");
            action = new DirectResponse(d.integer("status", 200), CommonBinder.dataSource(d.obj("body")));
        } else if (r.has("filter_action")) {
            action = new Route.Unsupported("filter_action");
        } else if (r.has("non_forwarding_action")) {
            action = new Route.Unsupported("non_forwarding_action");
        } else {
            throw new BindException(r.pointer(), "route has no action (route, redirect or direct_response)");
        }
        return new Route(r.str("name", ""), match(m), action, CommonBinder.headerMutations(r));
    }

    static RouteMatch match(Obj m) {
        RouteMatch.PathMatch path;
        if (m.has("prefix")) {
            path = new RouteMatch.PathMatch.Prefix(m.str("prefix", ""));
        } else if (m.has("path")) {
            path = new RouteMatch.PathMatch.Path(m.str("path", ""));
        } else if (m.has("safe_regex")) {
            path = new RouteMatch.PathMatch.SafeRegex(CommonBinder.regex(m.obj("safe_regex")));
        } else if (m.has("regex")) {
            path = new RouteMatch.PathMatch.SafeRegex(m.str("regex", "")); // v2 field, same full-match meaning
        } else if (m.has("path_separated_prefix")) {
            path = new RouteMatch.PathMatch.PathSeparatedPrefix(m.str("path_separated_prefix", ""));
        } else if (m.has("connect_matcher")) {
            path = new RouteMatch.PathMatch.Connect();
        } else if (m.has("path_match_policy")) {
            throw new BindException(m.ptr("path_match_policy"), "path_match_policy is not supported");
        } else {
            throw new BindException(m.pointer(), "route match has no path specifier (prefix, path, safe_regex, ...)");
        }
        List<HeaderMatcher> headers = new ArrayList<>();
        for (Obj h : m.objs("headers")) {
            headers.add(headerMatcher(h));
        }
        List<QueryParameterMatcher> query = new ArrayList<>();
        for (Obj q : m.objs("query_parameters")) {
            query.add(queryMatcher(q));
        }
        return new RouteMatch(path, m.bool("case_sensitive", true), headers, query, m.has("grpc"));
    }

    static HeaderMatcher headerMatcher(Obj h) {
        String name = h.reqStr("name").toLowerCase(Locale.ROOT);
        HeaderMatcher.Match match;
        if (h.has("string_match")) {
            match = new HeaderMatcher.Match.Str(CommonBinder.stringMatcher(h.obj("string_match")));
        } else if (h.has("exact_match")) {
            match = str(StringMatcher.Kind.EXACT, h.str("exact_match", ""));
        } else if (h.has("prefix_match")) {
            match = str(StringMatcher.Kind.PREFIX, h.str("prefix_match", ""));
        } else if (h.has("suffix_match")) {
            match = str(StringMatcher.Kind.SUFFIX, h.str("suffix_match", ""));
        } else if (h.has("contains_match")) {
            match = str(StringMatcher.Kind.CONTAINS, h.str("contains_match", ""));
        } else if (h.has("safe_regex_match")) {
            match = str(StringMatcher.Kind.SAFE_REGEX, CommonBinder.regex(h.obj("safe_regex_match")));
        } else if (h.has("regex_match")) {
            match = str(StringMatcher.Kind.SAFE_REGEX, h.str("regex_match", ""));
        } else if (h.has("range_match")) {
            Obj r = h.obj("range_match");
            match = new HeaderMatcher.Match.Range(r.lng("start", 0), r.lng("end", 0));
        } else if (h.has("present_match")) {
            match = new HeaderMatcher.Match.Present(h.bool("present_match", true));
        } else {
            match = new HeaderMatcher.Match.Present(true);
        }
        return new HeaderMatcher(name, match, h.bool("invert_match", false), h.bool("treat_missing_header_as_empty", false));
    }

    private static HeaderMatcher.Match str(StringMatcher.Kind kind, String value) {
        return new HeaderMatcher.Match.Str(new StringMatcher(kind, value, false));
    }

    static QueryParameterMatcher queryMatcher(Obj q) {
        String name = q.reqStr("name");
        if (q.has("string_match")) {
            return new QueryParameterMatcher(name, CommonBinder.stringMatcher(q.obj("string_match")), false);
        }
        if (q.has("present_match")) {
            return new QueryParameterMatcher(name, null, q.bool("present_match", true));
        }
        if (q.has("value")) { // v2: value, optionally a regex
            StringMatcher.Kind kind = q.bool("regex", false) ? StringMatcher.Kind.SAFE_REGEX : StringMatcher.Kind.EXACT;
            return new QueryParameterMatcher(name, new StringMatcher(kind, q.str("value", ""), false), false);
        }
        return new QueryParameterMatcher(name, null, true);
    }

    static RouteAction routeAction(Obj a) {
        RouteAction.ClusterSpecifier cluster;
        if (a.has("cluster")) {
            cluster = new RouteAction.ClusterSpecifier.Named(a.str("cluster", ""));
        } else if (a.has("cluster_header")) {
            cluster = new RouteAction.ClusterSpecifier.FromHeader(a.str("cluster_header", "").toLowerCase(Locale.ROOT));
        } else if (a.has("weighted_clusters")) {
            cluster = new RouteAction.ClusterSpecifier.Weighted(weightedClusters(a.obj("weighted_clusters")));
        } else {
            throw new BindException(a.pointer(), "route action has no cluster (cluster, cluster_header or weighted_clusters)");
        }
        int notFound = switch (a.enumValue("cluster_not_found_response_code", NotFoundCode.class,
                NotFoundCode.SERVICE_UNAVAILABLE)) {
            case SERVICE_UNAVAILABLE -> 503;
            case NOT_FOUND -> 404;
            case INTERNAL_SERVER_ERROR -> 500;
        };
        RouteAction.HostRewrite host = null;
        if (a.has("host_rewrite_literal")) {
            host = new RouteAction.HostRewrite.Literal(a.str("host_rewrite_literal", ""));
        } else if (a.has("host_rewrite")) {
            host = new RouteAction.HostRewrite.Literal(a.str("host_rewrite", ""));
        } else if (a.has("auto_host_rewrite")) {
            host = a.bool("auto_host_rewrite", false) ? new RouteAction.HostRewrite.Auto() : null;
        } else if (a.has("host_rewrite_header")) {
            host = new RouteAction.HostRewrite.FromHeader(a.str("host_rewrite_header", "").toLowerCase(Locale.ROOT));
        } else if (a.has("auto_host_rewrite_header")) {
            host = new RouteAction.HostRewrite.FromHeader(a.str("auto_host_rewrite_header", "").toLowerCase(Locale.ROOT));
        } else if (a.has("host_rewrite_path_regex")) {
            host = new RouteAction.HostRewrite.PathRegex(CommonBinder.regexRewrite(a.obj("host_rewrite_path_regex")));
        }
        List<HashPolicy> hash = new ArrayList<>();
        for (Obj h : a.objs("hash_policy")) {
            hash.add(hashPolicy(h));
        }
        return new RouteAction(cluster, notFound, a.str("prefix_rewrite", null),
                CommonBinder.regexRewrite(a.obj("regex_rewrite")), host,
                a.duration("timeout", RouteAction.DEFAULT_TIMEOUT), a.duration("idle_timeout", null), hash,
                upgradeConfigs(a), a.bool("append_x_forwarded_host", false), retryPolicy(a.obj("retry_policy")),
                isHigh(a.str("priority", "DEFAULT")), maxStreamDuration(a.obj("max_stream_duration")),
                a.duration("max_grpc_timeout", null), a.duration("grpc_timeout_offset", null));
    }

    static MaxStreamDuration maxStreamDuration(Obj m) {
        return m == null ? null : new MaxStreamDuration(m.duration("max_stream_duration", null),
                m.duration("grpc_timeout_header_max", null), m.duration("grpc_timeout_header_offset", null));
    }

    /** {@code RoutingPriority}: HIGH (or 1) selects the cluster's high-priority circuit breakers. */
    private static boolean isHigh(String priority) {
        return priority.equalsIgnoreCase("HIGH") || priority.equals("1");
    }

    private static final String PREVIOUS_HOSTS = "envoy.retry_host_predicates.previous_hosts";
    private static final String PREVIOUS_HOSTS_TYPE = "envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate";

    static RetryPolicy retryPolicy(Obj r) {
        if (r == null) {
            return null;
        }
        Obj backOff = r.obj("retry_back_off");
        Duration base = backOff == null ? null : backOff.duration("base_interval", null);
        Duration max = backOff == null ? null : backOff.duration("max_interval", null);
        List<Integer> codes = new ArrayList<>();
        for (String s : r.strings("retriable_status_codes")) {
            try {
                codes.add(Integer.parseInt(s.trim()));
            } catch (NumberFormatException e) {
                throw new BindException(r.ptr("retriable_status_codes"), "retriable_status_codes must be numbers");
            }
        }
        List<HeaderMatcher> headers = new ArrayList<>();
        for (Obj h : r.objs("retriable_headers")) {
            headers.add(headerMatcher(h));
        }
        boolean previousHosts = false;
        for (Obj p : r.objs("retry_host_predicate")) {
            Obj typed = p.obj("typed_config");
            String type = typed == null ? "" : typed.str("@type", "");
            previousHosts |= PREVIOUS_HOSTS.equals(p.str("name", "")) || type.endsWith("/" + PREVIOUS_HOSTS_TYPE);
        }
        return new RetryPolicy(r.str("retry_on", ""), r.integer("num_retries", 1),
                r.duration("per_try_timeout", Duration.ZERO), base, max, codes, headers, previousHosts,
                r.integer("host_selection_retry_max_attempts", 1));
    }

    private enum NotFoundCode { SERVICE_UNAVAILABLE, NOT_FOUND, INTERNAL_SERVER_ERROR }

    static List<UpgradeConfig> upgradeConfigs(Obj owner) {
        List<UpgradeConfig> out = new ArrayList<>();
        for (Obj u : owner.objs("upgrade_configs")) {
            out.add(new UpgradeConfig(u.reqStr("upgrade_type").toLowerCase(Locale.ROOT), u.bool("enabled", true)));
        }
        return out;
    }

    static List<ClusterWeight> weightedClusters(Obj w) {
        List<ClusterWeight> out = new ArrayList<>();
        for (Obj c : w.objs("clusters")) {
            String header = c.has("cluster_header") ? c.str("cluster_header", "").toLowerCase(Locale.ROOT) : null;
            out.add(new ClusterWeight(c.str("name", ""), header, c.integer("weight", 0),
                    CommonBinder.headerMutations(c), c.str("host_rewrite_literal", null)));
        }
        if (out.isEmpty()) {
            throw new BindException(w.ptr("clusters"), "weighted_clusters has no clusters");
        }
        return out;
    }

    static HashPolicy hashPolicy(Obj h) {
        HashPolicy.Source source;
        if (h.has("header")) {
            Obj o = h.obj("header");
            source = new HashPolicy.Source.Header(o.reqStr("header_name").toLowerCase(Locale.ROOT),
                    CommonBinder.regexRewrite(o.obj("regex_rewrite")));
        } else if (h.has("cookie")) {
            Obj o = h.obj("cookie");
            source = new HashPolicy.Source.Cookie(o.reqStr("name"), o.duration("ttl", null), o.str("path", ""));
        } else if (h.has("connection_properties")) {
            source = new HashPolicy.Source.SourceIp();
        } else if (h.has("query_parameter")) {
            source = new HashPolicy.Source.QueryParameter(h.obj("query_parameter").reqStr("name"));
        } else if (h.has("filter_state")) {
            source = new HashPolicy.Source.FilterState(h.obj("filter_state").str("key", ""));
        } else {
            throw new BindException(h.pointer(), "hash policy has no policy (header, cookie, connection_properties, ...)");
        }
        return new HashPolicy(source, h.bool("terminal", false));
    }

    static Redirect redirect(Obj r) {
        String scheme = null;
        if (r.bool("https_redirect", false)) {
            scheme = "https";
        } else if (r.has("scheme_redirect")) {
            scheme = r.str("scheme_redirect", "").toLowerCase(Locale.ROOT);
        }
        int code = switch (r.enumValue("response_code", RedirectCode.class, RedirectCode.MOVED_PERMANENTLY)) {
            case MOVED_PERMANENTLY -> 301;
            case FOUND -> 302;
            case SEE_OTHER -> 303;
            case TEMPORARY_REDIRECT -> 307;
            case PERMANENT_REDIRECT -> 308;
        };
        return new Redirect(scheme, r.str("host_redirect", null), r.integer("port_redirect", 0),
                r.str("path_redirect", null), r.str("prefix_rewrite", null),
                CommonBinder.regexRewrite(r.obj("regex_rewrite")), code, r.bool("strip_query", false));
    }

    private enum RedirectCode { MOVED_PERMANENTLY, FOUND, SEE_OTHER, TEMPORARY_REDIRECT, PERMANENT_REDIRECT }
}
