package io.proxyctl.router;

import com.google.re2j.Pattern;
import io.proxyctl.config.model.RouteMatch;

/** A compiled path specifier. Paths are matched without the query string except for plain prefixes. */
final class PathMatch {
    enum Kind { PREFIX, PATH, REGEX, SEPARATED_PREFIX, CONNECT }

    final Kind kind;
    final String value;
    final boolean caseSensitive;
    final Pattern regex;

    PathMatch(RouteMatch.PathMatch spec, boolean caseSensitive, String where) {
        this.caseSensitive = caseSensitive;
        if (spec instanceof RouteMatch.PathMatch.Prefix p) {
            kind = Kind.PREFIX;
            value = p.prefix();
            regex = null;
        } else if (spec instanceof RouteMatch.PathMatch.Path p) {
            kind = Kind.PATH;
            value = p.path();
            regex = null;
        } else if (spec instanceof RouteMatch.PathMatch.SafeRegex r) {
            kind = Kind.REGEX;
            value = r.regex();
            regex = Regexes.compile(r.regex(), where);
        } else if (spec instanceof RouteMatch.PathMatch.PathSeparatedPrefix p) {
            kind = Kind.SEPARATED_PREFIX;
            value = p.prefix();
            regex = null;
        } else {
            kind = Kind.CONNECT;
            value = "";
            regex = null;
        }
    }

    /** The index where the path part of a request target ends (at '?' or '#'). */
    static int pathEnd(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return target.length();
    }

    boolean matches(String method, String target) {
        switch (kind) {
            case PREFIX:
                return target.regionMatches(!caseSensitive, 0, value, 0, value.length());
            case PATH: {
                int end = pathEnd(target);
                return end == value.length() && target.regionMatches(!caseSensitive, 0, value, 0, end);
            }
            case REGEX:
                return regex.matches(target.substring(0, pathEnd(target)));
            case SEPARATED_PREFIX: {
                int end = pathEnd(target);
                int n = value.length();
                return end >= n && target.regionMatches(!caseSensitive, 0, value, 0, n)
                        && (end == n || target.charAt(n) == '/');
            }
            default:
                return "CONNECT".equals(method);
        }
    }
}
