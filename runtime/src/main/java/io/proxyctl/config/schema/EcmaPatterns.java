package io.proxyctl.config.schema;

import java.util.regex.Pattern;
import org.everit.json.schema.regexp.JavaUtilRegexpFactory;
import org.everit.json.schema.regexp.Regexp;
import org.everit.json.schema.regexp.RegexpFactory;

/**
 * Compiles the schema's patterns with the anchoring they have where they come from: JSON Schema patterns are
 * ECMA-262 and protoc-gen-validate's are RE2, and in both '$' matches only at the very end of the string. In
 * java.util.regex '$' also matches before a final line terminator, so a header name ending in a newline would pass
 * the rule "no NUL, CR or LF" that Envoy enforces. Every bare '$' (not escaped, not in a class) becomes '\z'.
 */
final class EcmaPatterns implements RegexpFactory {
    private static final JavaUtilRegexpFactory JAVA = new JavaUtilRegexpFactory();

    static Pattern compile(String ecma) {
        return Pattern.compile(toJava(ecma));
    }

    static String toJava(String pattern) {
        StringBuilder sb = new StringBuilder(pattern.length() + 2);
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                sb.append(c).append(pattern.charAt(++i));
                continue;
            }
            if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '$') {
                sb.append("\\z");
                continue;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    @Override
    public Regexp createHandler(String regexp) {
        return JAVA.createHandler(toJava(regexp));
    }
}
