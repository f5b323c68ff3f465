package io.proxyctl.config.check;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides whether a regular expression is valid RE2, the engine of Envoy's safe_regex. RE2 rejects what Java
 * accepts in a few places (lookaround, backreferences, atomic groups, possessive quantifiers, repetition counts
 * above 1000, \Z and \G), which are checked first; the rest of the syntax is shared, so Java's own parser
 * (after translating RE2's {@code (?P<name>...)}) reports the remaining errors.
 */
final class Re2Syntax {
    private static final int MAX_REPEAT = 1000;

    private Re2Syntax() {
    }

    /** Why {@code regex} is not valid RE2, or null when it is. */
    static String problem(String regex) {
        String unsupported = unsupported(regex);
        if (unsupported != null) {
            return unsupported;
        }
        try {
            Pattern.compile(regex.replace("(?P<", "(?<").replace("\\C", "."));
            return null;
        } catch (PatternSyntaxException e) {
            return e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "");
        }
    }

    private static String unsupported(String re) {
        boolean inClass = false;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\' && i + 1 < re.length()) {
                char n = re.charAt(i + 1);
                if (!inClass && n >= '1' && n <= '9') {
                    return "backreference \\" + n + " is not supported by RE2";
                }
                if (n == 'k' && i + 2 < re.length() && re.charAt(i + 2) == '<') {
                    return "named backreference \\k<...> is not supported by RE2";
                }
                if (n == 'Z' || n == 'G') {
                    return "\\" + n + " is not supported by RE2 (use \\z for end of text)";
                }
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
                if (i + 1 < re.length() && re.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
                    i++; // a leading ']' is literal
                }
                continue;
            }
            if (c == '(' && re.startsWith("(?", i)) {
                String rest = re.substring(i + 2);
                if (rest.startsWith("=") || rest.startsWith("!") || rest.startsWith("<=") || rest.startsWith("<!")) {
                    return "lookaround (?" + rest.charAt(0) + (rest.charAt(0) == '<' ? String.valueOf(rest.charAt(1)) : "")
                            + "...) is not supported by RE2";
                }
                if (rest.startsWith(">")) {
                    return "atomic group (?>...) is not supported by RE2";
                }
            }
            if ((c == '*' || c == '+' || c == '?' || c == '}') && i + 1 < re.length() && re.charAt(i + 1) == '+') {
                return "bad repetition operator: " + c + "+ (RE2 has no possessive quantifiers)";
            }
            if (c == '{') {
                int close = re.indexOf('}', i);
                if (close > i) {
                    String body = re.substring(i + 1, close);
                    if (body.matches("\\d+(,\\d*)?")) {
                        for (String part : body.split(",")) {
                            if (!part.isEmpty() && (part.length() > 4 || Integer.parseInt(part) > MAX_REPEAT)) {
                                return "bad repetition operator: {" + body + "} (RE2 allows at most " + MAX_REPEAT + ")";
                            }
                        }
                    }
                }
            }
        }
        return null;
    }
}
