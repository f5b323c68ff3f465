package io.proxyctl.config.model;

import java.util.Objects;

/**
 * {@code HeaderMatcher}: a condition on one request header (pseudo-headers such as {@code :method} included).
 *
 * @param name                the header name, lower-cased
 * @param match               the condition on the value
 * @param invert              invert the result
 * @param treatMissingAsEmpty evaluate a missing header as ""
 */
public record HeaderMatcher(String name, Match match, boolean invert, boolean treatMissingAsEmpty) {
    public HeaderMatcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
    }

    /** The {@code header_match_specifier} oneof; the deprecated exact/prefix/... forms bind to {@link Str}. */
    public sealed interface Match {
        /** A string comparison. */
        record Str(StringMatcher matcher) implements Match {
        }

        /** {@code present_match} (also the form with no specifier, which means present). */
        record Present(boolean present) implements Match {
        }

        /** {@code range_match}: the value parses as an integer in [start, end). */
        record Range(long start, long end) implements Match {
        }
    }
}
