package io.proxyctl.admin;

import com.google.re2j.Pattern;
import io.proxyctl.config.model.StringMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code admin.allow_paths}: when any matcher is configured, only request paths (without the query string)
 * matching one of them are served; every other request gets 403.
 */
final class AllowPaths {
    private record Compiled(StringMatcher matcher, Pattern regex) {
        boolean matches(String path) {
            String v = matcher.ignoreCase() ? path.toLowerCase(Locale.ROOT) : path;
            String m = matcher.ignoreCase() ? matcher.value().toLowerCase(Locale.ROOT) : matcher.value();
            return switch (matcher.kind()) {
                case EXACT -> v.equals(m);
                case PREFIX -> v.startsWith(m);
                case SUFFIX -> v.endsWith(m);
                case CONTAINS -> v.contains(m);
                case SAFE_REGEX -> regex.matches(path);
            };
        }
    }

    private final List<Compiled> matchers = new ArrayList<>();

    AllowPaths(List<StringMatcher> configured) {
        for (StringMatcher m : configured) {
            matchers.add(new Compiled(m, m.kind() == StringMatcher.Kind.SAFE_REGEX ? Pattern.compile(m.value()) : null));
        }
    }

    boolean allows(String path) {
        if (matchers.isEmpty()) {
            return true;
        }
        for (Compiled c : matchers) {
            if (c.matches(path)) {
                return true;
            }
        }
        return false;
    }
}
