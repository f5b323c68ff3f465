package io.proxyctl.config.model;

import java.util.Objects;

/**
 * {@code QueryParameterMatcher}: a condition on the first value of one query parameter.
 *
 * @param stringMatch the comparison, or null for a presence check
 */
public record QueryParameterMatcher(String name, StringMatcher stringMatch, boolean presentMatch) {
    public QueryParameterMatcher {
        Objects.requireNonNull(name, "name");
    }
}
