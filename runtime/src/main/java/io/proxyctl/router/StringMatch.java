package io.proxyctl.router;

import com.google.re2j.Pattern;
import io.proxyctl.config.model.StringMatcher;

/** A compiled {@link StringMatcher}. */
public final class StringMatch {
    private final StringMatcher.Kind kind;
    private final String value;
    private final boolean ignoreCase;
    private final Pattern regex;

    public StringMatch(StringMatcher m, String where) {
        this.kind = m.kind();
        this.ignoreCase = m.ignoreCase();
        this.value = ignoreCase ? m.value().toLowerCase(java.util.Locale.ROOT) : m.value();
        this.regex = kind == StringMatcher.Kind.SAFE_REGEX ? Regexes.compile(m.value(), where) : null;
    }

    /** True when {@code s} satisfies the matcher. */
    public boolean matches(String s) {
        String v = ignoreCase && kind != StringMatcher.Kind.SAFE_REGEX ? s.toLowerCase(java.util.Locale.ROOT) : s;
        return switch (kind) {
            case EXACT -> v.equals(value);
            case PREFIX -> v.startsWith(value);
            case SUFFIX -> v.endsWith(value);
            case CONTAINS -> v.contains(value);
            case SAFE_REGEX -> regex.matches(v);
        };
    }
}
