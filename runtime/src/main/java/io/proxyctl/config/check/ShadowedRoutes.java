package io.proxyctl.config.check;

import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.ArrayList;
import java.util.HashMap;
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
        Earlier earlier = new Earlier();
        for (int j = 0; j < matches.size(); j++) {
            Match later = matches.get(j);
            if (later == null) {
                continue;
            }
            int i = earlier.firstCovering(later);
            if (i >= 0) {
                Match e = matches.get(i);
                r.atValue(DiagnosticCode.SHADOWED_ROUTE, later.pointer(), "route " + (j + 1) + " (" + later.describe()
                        + ") of virtual host '" + (vhName == null ? "" : vhName) + "' can never match: shadowed by route "
                        + (i + 1) + " (" + e.describe() + ") at line " + r.line(e.pointer()),
                        "move it above route " + (i + 1) + ", or make route " + (i + 1)
                                + " more specific (a longer prefix, headers or query_parameters)");
            }
            earlier.add(later, j);
        }
    }

    /**
     * The unconstrained routes seen so far, indexed so that finding the first one covering a later route costs
     * a lookup per prefix of its path rather than a comparison with every earlier route (virtual hosts can hold
     * thousands of routes).
     */
    private static final class Earlier {
        final Map<String, Integer> prefixes = new HashMap<>();
        final Map<String, Integer> prefixesFolded = new HashMap<>();
        final Map<String, Integer> paths = new HashMap<>();
        final Map<String, Integer> pathsFolded = new HashMap<>();
        final Map<String, Integer> separated = new HashMap<>();
        final Map<String, Integer> separatedFolded = new HashMap<>();
        final Map<String, Integer> regexes = new HashMap<>();
        int catchAll = -1;

        void add(Match m, int index) {
            if (m.constrained() || m.kind() == Kind.OTHER) {
                return;
            }
            String folded = m.value().toLowerCase(Locale.ROOT);
            switch (m.kind()) {
                case PREFIX -> {
                    if (m.value().isEmpty() || m.value().equals("/")) {
                        catchAll = catchAll < 0 ? index : catchAll; // every request path starts with '/'
                    } else if (m.caseSensitive()) {
                        prefixes.putIfAbsent(m.value(), index);
                    } else {
                        prefixesFolded.putIfAbsent(folded, index);
                    }
                }
                case PATH -> (m.caseSensitive() ? paths : pathsFolded).putIfAbsent(m.caseSensitive() ? m.value() : folded, index);
                case SEPARATED_PREFIX -> (m.caseSensitive() ? separated : separatedFolded)
                        .putIfAbsent(m.caseSensitive() ? m.value() : folded, index);
                case REGEX -> {
                    if (m.value().equals(".*")) {
                        catchAll = catchAll < 0 ? index : catchAll;
                    } else {
                        regexes.putIfAbsent(m.value(), index);
                    }
                }
                default -> {
                }
            }
        }

        /** The index of the first earlier route matching everything {@code later} matches, or -1. */
        int firstCovering(Match later) {
            if (later.kind() == Kind.OTHER) {
                return -1;
            }
            int best = catchAll;
            if (later.kind() == Kind.REGEX) {
                return min(best, regexes.get(later.value()));
            }
            String v = later.value();
            String folded = v.toLowerCase(Locale.ROOT);
            // A case-sensitive earlier route does not cover a case-insensitive later one (it misses other cases).
            boolean sensitive = later.caseSensitive();
            for (int k = 1; k <= v.length(); k++) {
                if (sensitive) {
                    best = min(best, prefixes.get(v.substring(0, k)));
                }
                best = min(best, prefixesFolded.get(folded.substring(0, k)));
                if (k == v.length() || v.charAt(k) == '/') {
                    if (sensitive) {
                        best = min(best, separated.get(v.substring(0, k)));
                    }
                    best = min(best, separatedFolded.get(folded.substring(0, k)));
                }
            }
            if (later.kind() == Kind.PATH) {
                if (sensitive) {
                    best = min(best, paths.get(v));
                }
                best = min(best, pathsFolded.get(folded));
            }
            return best;
        }

        private static int min(int best, Integer candidate) {
            if (candidate == null) {
                return best;
            }
            return best < 0 ? candidate : Math.min(best, candidate);
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
}
