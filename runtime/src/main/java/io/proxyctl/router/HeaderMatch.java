package io.proxyctl.router;

import io.proxyctl.config.model.HeaderMatcher;

/** A compiled {@link HeaderMatcher}, with Envoy's semantics for missing headers and inversion. */
final class HeaderMatch {
    private final String name;
    private final HeaderMatcher.Match kind;
    private final StringMatch string;
    private final boolean invert;
    private final boolean missingAsEmpty;

    HeaderMatch(HeaderMatcher m, String where) {
        this.name = m.name();
        this.kind = m.match();
        this.string = m.match() instanceof HeaderMatcher.Match.Str s ? new StringMatch(s.matcher(), where) : null;
        this.invert = m.invert();
        this.missingAsEmpty = m.treatMissingAsEmpty();
    }

    boolean matches(RequestView req) {
        String v = req.header(name);
        if (kind instanceof HeaderMatcher.Match.Present p) {
            return (p.present() == (v != null)) != invert;
        }
        if (v == null) {
            if (!missingAsEmpty) {
                return false;
            }
            v = "";
        }
        boolean r;
        if (kind instanceof HeaderMatcher.Match.Range range) {
            r = inRange(v, range);
        } else {
            r = string.matches(v);
        }
        return r != invert;
    }

    private static boolean inRange(String v, HeaderMatcher.Match.Range range) {
        try {
            long n = Long.parseLong(v.trim());
            return n >= range.start() && n < range.end();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
