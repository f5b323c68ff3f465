package io.proxyctl.router;

import com.google.re2j.Pattern;
import io.proxyctl.config.model.Redirect;

/** A compiled redirect: builds the {@code location} exactly as Envoy's {@code newUri}. */
public final class RedirectAction {
    private final String scheme;
    private final String host;
    private final String port; // ":N" or ""
    private final String path;
    private final String prefixRewrite;
    private final Pattern regex;
    private final String regexSubstitution;
    private final int responseCode;
    private final boolean stripQuery;

    RedirectAction(Redirect r, String where) {
        this.scheme = r.scheme();
        this.host = r.host();
        this.port = r.port() > 0 ? ":" + r.port() : "";
        this.path = r.path();
        this.prefixRewrite = r.prefixRewrite();
        this.regex = r.regexRewrite() == null ? null : Regexes.compile(r.regexRewrite().pattern(), where);
        this.regexSubstitution = r.regexRewrite() == null ? null : Regexes.substitution(r.regexRewrite().substitution());
        this.responseCode = r.responseCode();
        this.stripQuery = r.stripQuery();
    }

    public int responseCode() {
        return responseCode;
    }

    /**
     * The redirect target.
     *
     * @param requestScheme  the request's scheme (x-forwarded-proto or the connection's)
     * @param requestHost    the Host header
     * @param target         the request target (path and query)
     * @param matchedPrefix  the length of the matched prefix, for prefix_rewrite
     */
    public String location(String requestScheme, String requestHost, String target, int matchedPrefix) {
        String finalScheme = scheme != null ? scheme : requestScheme;
        String finalHost = host != null ? host : processHost(requestHost == null ? "" : requestHost, finalScheme, requestScheme);
        String finalPath;
        if (path != null) {
            finalPath = path;
        } else {
            int end = PathMatch.pathEnd(target);
            String p = target.substring(0, end);
            String query = target.substring(end);
            if (prefixRewrite != null) {
                p = prefixRewrite + p.substring(Math.min(matchedPrefix, p.length()));
            } else if (regex != null) {
                p = regex.matcher(p).replaceAll(regexSubstitution);
            }
            finalPath = stripQuery ? p : p + query;
        }
        return finalScheme + "://" + finalHost + port + finalPath;
    }

    /** Drops the request's port when a port is redirected or when the scheme changes away from its default port. */
    private String processHost(String requestHost, String newScheme, String requestScheme) {
        int hostEnd;
        if (requestHost.startsWith("[")) {
            hostEnd = requestHost.lastIndexOf("]:");
            if (hostEnd >= 0) {
                hostEnd += 1;
            }
        } else {
            hostEnd = requestHost.lastIndexOf(':');
        }
        if (hostEnd < 0) {
            return requestHost;
        }
        String requestPort = requestHost.substring(hostEnd);
        boolean remove = !port.isEmpty();
        if (!newScheme.equals(requestScheme)) {
            remove |= "https".equals(requestScheme) && requestPort.equals(":443");
            remove |= "http".equals(requestScheme) && requestPort.equals(":80");
        }
        return remove ? requestHost.substring(0, hostEnd) : requestHost;
    }
}
