package io.proxyctl.common;

import io.proxyctl.config.load.JsonPointer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Writes a plain tree (maps, lists, String, Long, Double, Boolean, null) as block-style YAML in Envoy's house
 * style (two-space indent, sequences not indented under their key, {@code "@type"} quoted), with optional
 * comments placed by JSON pointer. Deterministic: the same tree and comments always give the same text, and the
 * text loads back (with {@code YamlLoader}) to an equal tree.
 */
public final class Yaml {
    private static final Resolver RESOLVER = new Resolver();
    /** Words yaml-cpp (Envoy's YAML front end) reads as booleans beyond what YAML 1.1 lists. */
    private static final Set<String> YAML_CPP_BOOLEANS = Set.of("y", "n");
    private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@`";

    private final StringBuilder sb = new StringBuilder();
    private final Comments comments;

    /** Comments to place in the output, by the JSON pointer of the entry (map key or list item) they belong to. */
    public interface Comments {
        /** Full-line comments ("# ..." or "" for a blank line) to print before the entry. */
        List<String> before(String pointer);

        /** A comment ("# ...") to print at the end of the entry's first line, or null. */
        String trailing(String pointer);

        /** Comments to print after the document. */
        List<String> atEnd();

        /** No comments. */
        Comments NONE = new Comments() {
            @Override
            public List<String> before(String pointer) {
                return List.of();
            }

            @Override
            public String trailing(String pointer) {
                return null;
            }

            @Override
            public List<String> atEnd() {
                return List.of();
            }
        };
    }

    private Yaml(Comments comments) {
        this.comments = comments;
    }

    /** The tree as YAML text, ending with a newline. */
    public static String write(Object tree) {
        return write(tree, Comments.NONE);
    }

    /** The tree as YAML text with comments placed by pointer. */
    public static String write(Object tree, Comments comments) {
        Yaml y = new Yaml(comments);
        if (tree instanceof Map<?, ?> m && !m.isEmpty()) {
            y.map(m, 0, "", false);
        } else if (tree instanceof List<?> l && !l.isEmpty()) {
            y.list(l, 0, "");
        } else {
            y.sb.append(tree instanceof Map ? "{}" : tree instanceof List ? "[]" : scalar(tree)).append('\n');
        }
        for (String c : comments.atEnd()) {
            y.sb.append(c).append('\n');
        }
        return y.sb.toString();
    }

    /**
     * @param inline true when the first entry continues a "- " already written (its comments were printed by the
     *               list)
     */
    private void map(Map<?, ?> m, int indent, String pointer, boolean inline) {
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            String p = JsonPointer.child(pointer, key);
            if (!(first && inline)) {
                comments(comments.before(p), indent);
                pad(indent);
            }
            first = false;
            sb.append(key(key)).append(':');
            value(e.getValue(), indent, p, false);
        }
    }

    private void list(List<?> l, int indent, String pointer) {
        for (int i = 0; i < l.size(); i++) {
            Object item = l.get(i);
            String p = JsonPointer.child(pointer, i);
            List<String> before = new ArrayList<>(comments.before(p));
            if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                before.addAll(comments.before(JsonPointer.child(p, String.valueOf(m.keySet().iterator().next()))));
            }
            comments(before, indent);
            pad(indent);
            sb.append('-');
            value(item, indent, p, true);
        }
    }

    /** Writes a value after "key:" or "-" (the cursor is right after the colon or dash). */
    private void value(Object v, int indent, String pointer, boolean listItem) {
        String trailing = comments.trailing(pointer);
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            if (listItem) {
                // "- key: value" shares its line with the first key, whose trailing comment is used
                sb.append(' ');
                map(m, indent + 2, pointer, true);
            } else {
                trail(trailing);
                sb.append('\n');
                map(m, indent + 2, pointer, false);
            }
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            trail(trailing);
            sb.append('\n');
            list(l, listItem ? indent + 2 : indent, pointer);
        } else if (v instanceof String s && isBlock(s)) {
            sb.append(' ').append(s.endsWith("\n\n") ? "|+" : s.endsWith("\n") ? "|" : "|-");
            trail(trailing);
            sb.append('\n');
            String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
            for (String line : body.split("\n", -1)) {
                if (!line.isEmpty()) {
                    pad(indent + 2);
                    sb.append(line);
                }
                sb.append('\n');
            }
        } else {
            sb.append(' ').append(v instanceof Map ? "{}" : v instanceof List ? "[]" : scalar(v));
            trail(trailing);
            sb.append('\n');
        }
    }

    private void trail(String comment) {
        if (comment != null) {
            sb.append("  ").append(comment);
        }
    }

    private void comments(List<String> lines, int indent) {
        for (String c : lines) {
            if (!c.isEmpty()) {
                pad(indent);
                sb.append(c);
            }
            sb.append('\n');
        }
    }

    private void pad(int n) {
        sb.append(" ".repeat(n));
    }

    private static String key(String k) {
        return plainSafe(k) ? k : quote(k);
    }

    /** A scalar in flow context: plain when that reads back as the same string, else double-quoted. */
    public static String scalar(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean || v instanceof Long || v instanceof Integer) {
            return v.toString();
        }
        if (v instanceof Double d) {
            if (d.isNaN()) {
                return ".nan";
            }
            if (d.isInfinite()) {
                return d > 0 ? ".inf" : "-.inf";
            }
            String s = new BigDecimal(Double.toString(d)).toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        if (v instanceof Number n) {
            return n.toString();
        }
        String s = String.valueOf(v);
        return plainSafe(s) ? s : quote(s);
    }

    /** True for multi-line strings that read well as a literal block ("|"). */
    private static boolean isBlock(String s) {
        if (s.indexOf('\n') < 0 || s.startsWith(" ") || s.startsWith("\n") || s.endsWith("\n\n\n")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\n' && c != '\t' && (c < 0x20 || c == 0x7f || c == '\uFEFF')) {
                return false;
            }
        }
        for (String line : s.split("\n", -1)) {
            if (!line.isEmpty() && (line.endsWith(" ") || line.endsWith("\t"))) {
                return false; // trailing blanks survive a literal block but are invisible and easy to lose
            }
        }
        return true;
    }

    private static boolean plainSafe(String s) {
        if (s.isEmpty() || INDICATORS.indexOf(s.charAt(0)) >= 0 || Character.isWhitespace(s.charAt(0))
                || Character.isWhitespace(s.charAt(s.length() - 1)) || s.endsWith(":")) {
            return false;
        }
        if (s.contains(": ") || s.contains(" #") || s.contains(":\t") || s.contains("\t#")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\uFEFF' || (c >= 0x80 && c <= 0x9f)) {
                return false;
            }
        }
        if (YAML_CPP_BOOLEANS.contains(s.toLowerCase(Locale.ROOT))) {
            return false;
        }
        return RESOLVER.resolve(NodeId.scalar, s, true).equals(Tag.STR);
    }

    /** A double-quoted YAML scalar. */
    public static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else if (c == '\uFEFF') {
                        q.append("\\ufeff");
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
