package io.proxyctl.config.check;

import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds routes that can never match because an earlier route of the same virtual host matches every request
 * they would (routes are tried in order and the first match wins). Only unconstrained earlier routes count:
 * any header, query, runtime, gRPC, TLS or other condition on the earlier route lets requests through.
 */
final class ShadowedRoutes {
    /** RouteMatch fields that restrict a match beyond its path. */
    private static final Set<String> CONSTRAINTS = Set.of("headers", "query_parameters", "runtime_fraction", "grpc",
            "tls_context", "cookies", "dynamic_metadata", "filter_state");

    private ShadowedRoutes() {
    }

    private enum Kind { PREFIX, PATH, SEPARATED_PREFIX, REGEX, OTHER }

    /** The path part of a route's match. */
    private record Match(Kind kind, String value, String pointer, boolean caseSensitive, boolean constrained) {
        String describe() {
            return switch (kind) {
                case PREFIX -> "prefix '" + value + "'";
                case PATH -> "path '" + value + "'";
                case SEPARATED_PREFIX -> "path_separated_prefix '" + value + "'";
                case REGEX -> "safe_regex '" + value + "'";
                case OTHER -> "match";
            };
        }
    }

    static void check(ConfigIndex ix, Reporter r) {
        for (ConfigIndex.RouteConfig rc : ix.routeConfigs) {
            for (Tree.Item vh : Tree.items(rc.node().map(), rc.node().pointer(), "virtual_hosts")) {
                if (vh.map() != null) {
                    virtualHost(vh, r);
                }
            }
        }
    }

    private static void virtualHost(Tree.Item vh, Reporter r) {
        List<Match> matches = new ArrayList<>();
        for (Tree.Item route : Tree.items(vh.map(), vh.pointer(), "routes")) {
            matches.add(match(route));
        }
        String vhName = Tree.strField(vh.map(), "name");
        for (int j = 1; j < matches.size(); j++) {
            Match later = matches.get(j);
            if (later == null) {
                continue;
            }
            for (int i = 0; i < j; i++) {
                Match earlier = matches.get(i);
                if (earlier != null && covers(earlier, later)) {
                    r.atValue(DiagnosticCode.SHADOWED_ROUTE, later.pointer(), "route " + (j + 1) + " (" + later.describe()
                            + ") of virtual host '" + (vhName == null ? "" : vhName) + "' can never match: shadowed by route "
                            + (i + 1) + " (" + earlier.describe() + ") at line " + r.line(earlier.pointer()),
                            "move it above route " + (i + 1) + ", or make route " + (i + 1)
                                    + " more specific (a longer prefix, headers or query_parameters)");
                    break;
                }
            }
        }
    }

    private static Match match(Tree.Item route) {
        Map<String, Object> m = Tree.mapField(route.map(), "match");
        if (m == null) {
            return null;
        }
        String at = Tree.field(route.pointer(), route.map(), "match");
        boolean constrained = false;
        for (String key : m.keySet()) {
            constrained |= CONSTRAINTS.contains(Tree.snake(key));
        }
        boolean cs = Tree.bool(m, "case_sensitive", true);
        for (Object[] spec : new Object[][] {{"prefix", Kind.PREFIX}, {"path", Kind.PATH},
            {"path_separated_prefix", Kind.SEPARATED_PREFIX}}) {
            String v = Tree.strField(m, (String) spec[0]);
            if (v != null) {
                return new Match((Kind) spec[1], v, Tree.field(at, m, (String) spec[0]), cs, constrained);
            }
        }
        Map<String, Object> regex = Tree.mapField(m, "safe_regex");
        if (regex != null && Tree.strField(regex, "regex") != null) {
            String p = Tree.field(Tree.field(at, m, "safe_regex"), regex, "regex");
            return new Match(Kind.REGEX, Tree.strField(regex, "regex"), p, true, constrained);
        }
        return new Match(Kind.OTHER, "", at, cs, true);
    }

    /** True when every request {@code later} matches is matched by {@code earlier} first. */
    private static boolean covers(Match earlier, Match later) {
        if (earlier.constrained() || later.kind() == Kind.OTHER) {
            return false;
        }
        if (earlier.kind() == Kind.PREFIX && (earlier.value().isEmpty() || earlier.value().equals("/"))) {
            return true; // every request path starts with '/'
        }
        if (earlier.kind() == Kind.REGEX) {
            return earlier.value().equals(".*") || later.kind() == Kind.REGEX && earlier.value().equals(later.value());
        }
        if (later.kind() == Kind.REGEX) {
            return false;
        }
        // A case-sensitive earlier route does not cover a case-insensitive later one (it misses other cases).
        if (earlier.caseSensitive() && !later.caseSensitive()) {
            return false;
        }
        boolean fold = !earlier.caseSensitive();
        String e = fold ? earlier.value().toLowerCase(Locale.ROOT) : earlier.value();
        String l = fold ? later.value().toLowerCase(Locale.ROOT) : later.value();
        return switch (earlier.kind()) {
            case PREFIX -> l.startsWith(e);
            case PATH -> later.kind() == Kind.PATH && l.equals(e);
            case SEPARATED_PREFIX -> l.equals(e) || l.startsWith(e + "/");
            default -> false;
        };
    }
}
