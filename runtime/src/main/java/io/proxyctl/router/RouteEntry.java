package io.proxyctl.router;

import com.google.re2j.Pattern;
import io.proxyctl.config.model.DirectResponse;
import io.proxyctl.config.model.HeaderMatcher;
import io.proxyctl.config.model.MaxStreamDuration;
import io.proxyctl.config.model.QueryParameterMatcher;
import io.proxyctl.config.model.Redirect;
import io.proxyctl.config.model.Route;
import io.proxyctl.config.model.RouteAction;
import io.proxyctl.config.model.UpgradeConfig;
import io.proxyctl.grpc.Grpc;
import io.proxyctl.grpc.StreamTimeouts;
import io.proxyctl.upstream.UpstreamCluster;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * One compiled route: its match and its action, with the header mutations of route, virtual host and route
 * configuration already combined in Envoy's order.
 */
public final class RouteEntry {
    /** What the route does with a matching request. */
    public enum Kind { FORWARD, REDIRECT, DIRECT_RESPONSE, UNSUPPORTED }

    /** How the Host header is rewritten. */
    public enum HostRewriteKind { NONE, LITERAL, AUTO, HEADER, PATH_REGEX }

    private final String name;
    private final PathMatch path;
    private final HeaderMatch[] headers;
    private final QueryMatch[] query;
    private final boolean grpc;
    private final Kind kind;
    private final HeaderMutator requestHeaders;
    private final HeaderMutator responseHeaders;

    // FORWARD
    private final ClusterSelector clusters;
    private final int clusterNotFoundCode;
    private final String prefixRewrite;
    private final Pattern regexRewrite;
    private final String regexSubstitution;
    private final HostRewriteKind hostRewriteKind;
    private final String hostRewriteValue;
    private final Pattern hostRegex;
    private final String hostRegexSubstitution;
    private final long timeoutMillis;
    private final StreamTimeouts timeouts;
    private final io.netty.util.AsciiString timeoutHeader;
    private final long idleTimeoutMillis;
    private final HashPolicies hashPolicies;
    private final RetrySpec retry;
    private final Boolean websocket;
    private final boolean appendXForwardedHost;
    private final boolean highPriority;

    private final RedirectAction redirect;
    private final DirectResponseAction direct;

    RouteEntry(Route r, HeaderMutator requestHeaders, HeaderMutator responseHeaders,
               Function<String, UpstreamCluster> clusterLookup, Map<String, ClusterChoice> byName, String where,
               io.proxyctl.config.model.RetryPolicy virtualHostRetry) {
        this.name = r.name();
        this.path = new PathMatch(r.match().path(), r.match().caseSensitive(), where);
        this.headers = r.match().headers().stream().map(h -> new HeaderMatch(h, where)).toArray(HeaderMatch[]::new);
        this.query = r.match().queryParameters().stream().map(q -> new QueryMatch(q, where)).toArray(QueryMatch[]::new);
        this.grpc = r.match().grpc();
        this.requestHeaders = requestHeaders;
        this.responseHeaders = responseHeaders;
        RouteAction a = r.action() instanceof RouteAction ra ? ra : null;
        this.kind = a != null ? Kind.FORWARD : r.action() instanceof Redirect ? Kind.REDIRECT
                : r.action() instanceof DirectResponse ? Kind.DIRECT_RESPONSE : Kind.UNSUPPORTED;
        this.redirect = r.action() instanceof Redirect rd ? new RedirectAction(rd, where) : null;
        this.direct = r.action() instanceof DirectResponse dr ? new DirectResponseAction(dr, where) : null;
        if (a == null) {
            clusters = null;
            clusterNotFoundCode = 503;
            prefixRewrite = null;
            regexRewrite = null;
            regexSubstitution = null;
            hostRewriteKind = HostRewriteKind.NONE;
            hostRewriteValue = null;
            hostRegex = null;
            hostRegexSubstitution = null;
            timeoutMillis = 0;
            timeouts = StreamTimeouts.of(0);
            timeoutHeader = null;
            idleTimeoutMillis = -1;
            hashPolicies = null;
            retry = null;
            websocket = null;
            appendXForwardedHost = false;
            highPriority = false;
            return;
        }
        this.clusters = ClusterSelector.compile(a.cluster(), clusterLookup, byName, where);
        this.clusterNotFoundCode = a.clusterNotFoundResponseCode();
        this.prefixRewrite = a.prefixRewrite();
        this.regexRewrite = a.regexRewrite() == null ? null : Regexes.compile(a.regexRewrite().pattern(), where + " regex_rewrite");
        this.regexSubstitution = a.regexRewrite() == null ? null : Regexes.substitution(a.regexRewrite().substitution());
        RouteAction.HostRewrite hr = a.hostRewrite();
        Pattern hre = null;
        String hsub = null;
        if (hr instanceof RouteAction.HostRewrite.Literal l) {
            hostRewriteKind = HostRewriteKind.LITERAL;
            hostRewriteValue = l.host();
        } else if (hr instanceof RouteAction.HostRewrite.Auto) {
            hostRewriteKind = HostRewriteKind.AUTO;
            hostRewriteValue = null;
        } else if (hr instanceof RouteAction.HostRewrite.FromHeader h) {
            hostRewriteKind = HostRewriteKind.HEADER;
            hostRewriteValue = h.header();
        } else if (hr instanceof RouteAction.HostRewrite.PathRegex p) {
            hostRewriteKind = HostRewriteKind.PATH_REGEX;
            hostRewriteValue = null;
            hre = Regexes.compile(p.rewrite().pattern(), where + " host_rewrite_path_regex");
            hsub = Regexes.substitution(p.rewrite().substitution());
        } else {
            hostRewriteKind = HostRewriteKind.NONE;
            hostRewriteValue = null;
        }
        this.hostRegex = hre;
        this.hostRegexSubstitution = hsub;
        this.timeoutMillis = a.timeout().toMillis();
        this.timeouts = streamTimeouts(a);
        this.timeoutHeader = new io.netty.util.AsciiString(Long.toString(timeoutMillis));
        Duration idle = a.idleTimeout();
        this.idleTimeoutMillis = idle == null ? -1 : idle.toMillis();
        this.hashPolicies = HashPolicies.compile(a.hashPolicy(), where);
        // A route's own policy replaces the virtual host's entirely (Envoy does not merge them).
        this.retry = RetrySpec.compile(a.retryPolicy() != null ? a.retryPolicy() : virtualHostRetry, where);
        Boolean ws = null;
        for (UpgradeConfig u : a.upgradeConfigs()) {
            if (u.upgradeType().equals("websocket")) {
                ws = u.enabled();
            }
        }
        this.websocket = ws;
        this.appendXForwardedHost = a.appendXForwardedHost();
        this.highPriority = a.highPriority();
    }

    /** Whether the route has {@code priority: HIGH} (the cluster's high-priority circuit breakers apply). */
    public boolean highPriority() {
        return highPriority;
    }

    private static StreamTimeouts streamTimeouts(RouteAction a) {
        MaxStreamDuration m = a.maxStreamDuration();
        return new StreamTimeouts(a.timeout().toMillis(), millis(a.maxGrpcTimeout()), millis(a.grpcTimeoutOffset()),
                m != null, m == null ? -1 : millis(m.maxStreamDuration()), m == null ? -1 : millis(m.grpcTimeoutHeaderMax()),
                m == null ? -1 : millis(m.grpcTimeoutHeaderOffset()));
    }

    private static long millis(Duration d) {
        return d == null ? -1 : d.toMillis();
    }

    /** The route's timeout settings: route timeout, gRPC timeouts and stream duration. */
    public StreamTimeouts timeouts() {
        return timeouts;
    }

    /** True when the request satisfies the path, header, query and gRPC conditions. */
    public boolean matches(RequestView req) {
        if (!path.matches(req.method(), req.path())) {
            return false;
        }
        for (HeaderMatch h : headers) {
            if (!h.matches(req)) {
                return false;
            }
        }
        for (QueryMatch q : query) {
            if (!q.matches(req)) {
                return false;
            }
        }
        if (grpc) {
            // Envoy's isGrpcRequestHeaders: application/grpc or application/grpc+..., not application/grpc-web.
            return Grpc.isGrpc(req.header("content-type"));
        }
        return true;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The selected cluster, or null when a cluster_header is missing. */
    public ClusterChoice selectCluster(RequestView req) {
        return clusters.select(req);
    }

    public int clusterNotFoundCode() {
        return clusterNotFoundCode;
    }

    public HeaderMutator requestHeaders() {
        return requestHeaders;
    }

    public HeaderMutator responseHeaders() {
        return responseHeaders;
    }

    /** The rewritten request target (query kept), or null when the route does not rewrite the path. */
    public String rewritePath(String target) {
        if (prefixRewrite != null) {
            int end = PathMatch.pathEnd(target);
            int matched = switch (path.kind) {
                case PREFIX, SEPARATED_PREFIX -> path.value.length();
                default -> end; // path and regex routes replace the whole path
            };
            return prefixRewrite + target.substring(Math.min(matched, target.length()));
        }
        if (regexRewrite != null) {
            int end = PathMatch.pathEnd(target);
            return regexRewrite.matcher(target.substring(0, end)).replaceAll(regexSubstitution) + target.substring(end);
        }
        return null;
    }

    /** The matched prefix length (for redirect prefix rewrites). */
    public int matchedPrefixLength(String target) {
        return path.kind == PathMatch.Kind.PREFIX || path.kind == PathMatch.Kind.SEPARATED_PREFIX
                ? path.value.length() : PathMatch.pathEnd(target);
    }

    public HostRewriteKind hostRewriteKind() {
        return hostRewriteKind;
    }

    /** The literal host, or the header name for {@link HostRewriteKind#HEADER}. */
    public String hostRewriteValue() {
        return hostRewriteValue;
    }

    /** For {@link HostRewriteKind#PATH_REGEX}: the host derived from the path. */
    public String hostFromPath(String target) {
        return hostRegex.matcher(target.substring(0, PathMatch.pathEnd(target))).replaceAll(hostRegexSubstitution);
    }

    /** Upstream timeout in ms; 0 disables. */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** {@link #timeoutMillis()} as a header value (x-envoy-expected-rq-timeout-ms), built once. */
    public CharSequence timeoutHeaderValue() {
        return timeoutHeader;
    }

    /** Per-route idle timeout in ms, 0 disables, -1 to use the connection manager's stream idle timeout. */
    public long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    /** The hash policies, or null. */
    /** The route's compiled retry policy, or null. */
    public RetrySpec retry() {
        return retry;
    }

    public HashPolicies hashPolicies() {
        return hashPolicies;
    }

    /** The route's websocket upgrade override, or null to inherit the connection manager's setting. */
    public Boolean websocket() {
        return websocket;
    }

    public boolean appendXForwardedHost() {
        return appendXForwardedHost;
    }

    public RedirectAction redirect() {
        return redirect;
    }

    public DirectResponseAction directResponse() {
        return direct;
    }
}
