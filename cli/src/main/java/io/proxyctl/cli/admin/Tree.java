package io.proxyctl.cli.admin;

import java.util.List;
import java.util.Map;

/**
 * Null-tolerant navigation of parsed JSON/YAML trees (maps, lists, scalars): missing or mistyped nodes read as
 * empty, so renderers can walk Envoy replies that omit default values without a check at every step.
 */
final class Tree {
    private Tree() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** The node at a path of map keys, or null. */
    static Object at(Object root, String... keys) {
        Object cur = root;
        for (String k : keys) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(k);
        }
        return cur;
    }

    /** A scalar as text ("" for null or containers). */
    static String str(Object o) {
        if (o == null || o instanceof Map || o instanceof List) {
            return "";
        }
        if (o instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(o);
    }

    static String str(Object root, String... keys) {
        return str(at(root, keys));
    }

    /** A number that proto JSON may print as a string (uint64); {@code dflt} when absent or not a number. */
    static long num(Object o, long dflt) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        if (o instanceof String s && !s.isEmpty()) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                try {
                    return (long) Double.parseDouble(s.trim());
                } catch (NumberFormatException e2) {
                    return dflt;
                }
            }
        }
        return dflt;
    }

    static Double dbl(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof String s && !s.isEmpty()) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Reads a snake_case proto field, accepting its camelCase JSON name too (proto3 JSON allows both). */
    static Object field(Object node, String snake) {
        Map<String, Object> m = map(node);
        Object v = m.get(snake);
        if (v == null && snake.indexOf('_') >= 0) {
            v = m.get(camel(snake));
        }
        return v;
    }

    static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}
