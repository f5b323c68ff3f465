package io.proxyctl.config.check;

import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles every RE2 regex of the document the way Envoy does at load time: RegexMatcher values found under
 * {@code safe_regex} (route matches, string matchers), {@code safe_regex_match} (header matchers) and
 * {@code pattern} (regex_rewrite and other RegexMatchAndSubstitute fields).
 */
final class RegexChecks {
    private static final Set<String> REGEX_MATCHER_FIELDS = Set.of("safe_regex", "safe_regex_match", "pattern");

    private RegexChecks() {
    }

    static void check(Object root, Reporter r) {
        walk(root, "", r);
    }

    private static void walk(Object node, String pointer, Reporter r) {
        Map<String, Object> m = Tree.map(node);
        if (m != null) {
            for (Map.Entry<String, Object> e : m.entrySet()) {
                String p = JsonPointer.child(pointer, e.getKey());
                Map<String, Object> matcher = Tree.map(e.getValue());
                if (matcher != null && REGEX_MATCHER_FIELDS.contains(Tree.snake(e.getKey()))
                        && Tree.get(matcher, "regex") instanceof String regex) {
                    String problem = Re2Syntax.problem(regex);
                    if (problem != null) {
                        r.atValue(DiagnosticCode.INVALID_VALUE, Tree.field(p, matcher, "regex"), "invalid regex '"
                                + regex + "': " + problem, "write it in RE2 syntax (https://github.com/google/re2/wiki/Syntax);"
                                + " escape literal metacharacters such as . ( ) [ ] { } * + ?");
                    }
                }
                walk(e.getValue(), p, r);
            }
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(l.get(i), JsonPointer.child(pointer, i), r);
            }
        }
    }
}
