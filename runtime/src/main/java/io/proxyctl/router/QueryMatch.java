package io.proxyctl.router;

import io.proxyctl.config.model.QueryParameterMatcher;

/** A compiled {@link QueryParameterMatcher}: tests the first value of one parameter. */
final class QueryMatch {
    private final String name;
    private final StringMatch string;

    QueryMatch(QueryParameterMatcher m, String where) {
        this.name = m.name();
        this.string = m.stringMatch() == null ? null : new StringMatch(m.stringMatch(), where);
    }

    boolean matches(RequestView req) {
        String v = req.queryParameter(name);
        if (v == null) {
            return false;
        }
        return string == null || string.matches(v);
    }
}
