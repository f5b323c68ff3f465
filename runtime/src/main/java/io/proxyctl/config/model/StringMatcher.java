package io.proxyctl.config.model;

import java.util.Objects;

/** {@code envoy.type.matcher.v3.StringMatcher}: one kind of comparison against a value, optionally ignoring case. */
public record StringMatcher(Kind kind, String value, boolean ignoreCase) {
    public StringMatcher {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    /** The {@code match_pattern} oneof ({@code custom} is not supported). */
    public enum Kind { EXACT, PREFIX, SUFFIX, CONTAINS, SAFE_REGEX }
}
