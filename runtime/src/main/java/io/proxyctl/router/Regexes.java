package io.proxyctl.router;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/** RE2 regexes (as Envoy's {@code safe_regex}), compiled at config time. */
public final class Regexes {
    private Regexes() {
    }

    public static Pattern compile(String regex, String where) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new RouteCompileException(where + ": invalid regex '" + regex + "': " + e.getDescription());
        }
    }

    /** Converts Envoy's {@code \1}-style substitution to re2j's {@code $1} syntax, escaping literal '$'. */
    public static String substitution(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                sb.append('$').append(s.charAt(++i));
            } else if (c == '\\' && i + 1 < s.length()) {
                sb.append(s.charAt(++i) == '$' ? "\\$" : String.valueOf(s.charAt(i)));
            } else if (c == '$') {
                sb.append("\\$");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
