package io.proxyctl.config.diff;

import io.proxyctl.config.load.JsonPointer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a loaded v3 tree into its canonical form, the way Envoy's proto3 JSON parser would see it: field names in
 * snake_case, enum values as upper-case names, Durations in shortest form ("30.000s" to "30s"), fields equal to
 * their default (proto3 zero value or Envoy's documented default) dropped, and unordered lists sorted.
 */
final class Normalizer {
    private static final Pattern DURATION = Pattern.compile("(-?)(\\d+)(?:\\.(\\d{1,9}))?s");

    private Normalizer() {
    }

    /**
     * Normalises {@code value}, a message of {@code kind} found at {@code pointer}. A top-level "@type" (the Any
     * wrapper of a config dump entry) is dropped.
     */
    static Node message(Object value, String pointer, MessageKind kind) {
        Node n = node(value, pointer, kind, null);
        if (n instanceof Node.MapNode m && m.get("@type") != null) {
            return m.with("@type", null);
        }
        return n == null ? new Node.MapNode(Map.of(), pointer, kind, false) : n;
    }

    /** The normalised value of {@code field} (a field of a {@code parent} message), or null when it is the default. */
    private static Node field(MessageKind parent, String field, Object value, String pointer) {
        if (value == null) {
            return null;
        }
        if (parent == MessageKind.STRUCT) {
            return node(value, pointer, MessageKind.STRUCT, field);
        }
        if (FieldHints.isMapField(field) && value instanceof Map<?, ?> m) {
            Map<String, Node> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                Node child = node(e.getValue(), JsonPointer.child(pointer, k), MessageKind.OTHER, null);
                if (child != null) {
                    out.put(k, child);
                }
            }
            return out.isEmpty() ? null : new Node.MapNode(out, pointer, MessageKind.OTHER, true);
        }
        MessageKind kind = FieldHints.child(parent, field, value);
        if (value instanceof List<?> list) {
            return list(parent, field, list, pointer, kind);
        }
        if (value instanceof Map<?, ?>) {
            return node(value, pointer, kind, field);
        }
        Object scalar = scalar(parent, field, value);
        Object dflt = FieldHints.defaultValue(parent, field);
        if (dflt != null ? dflt.equals(scalar) : isZero(scalar)) {
            return null;
        }
        return new Node.Value(scalar, pointer);
    }

    private static Node list(MessageKind parent, String field, List<?> list, String pointer, MessageKind kind) {
        if (list.isEmpty()) {
            return null;
        }
        ListRule rule = kind == MessageKind.STRUCT ? ListRule.POSITIONAL : FieldHints.listRule(parent, field);
        List<Node> items = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String p = JsonPointer.child(pointer, i);
            Object item = list.get(i);
            Node n = item instanceof Map<?, ?> || item instanceof List<?> || kind == MessageKind.STRUCT
                    ? node(item, p, kind, field)
                    : itemScalar(parent, field, item, p);
            items.add(n == null ? new Node.MapNode(Map.of(), p, kind, false) : n);
        }
        if (!rule.ordered()) {
            items.sort(Comparator.comparing(n -> Identities.sortKey(rule.identity(), n)));
        }
        return new Node.ListNode(items, pointer, rule);
    }

    private static Node itemScalar(MessageKind parent, String field, Object item, String pointer) {
        return new Node.Value(scalar(parent, field, item), pointer);
    }

    /** A map or list node; scalars here occur only inside Structs or lists. */
    @SuppressWarnings("unchecked")
    private static Node node(Object value, String pointer, MessageKind kind, String field) {
        if (value instanceof Map<?, ?> raw) {
            Map<String, Object> map = (Map<String, Object>) raw;
            Map<String, Node> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : map.entrySet()) {
                String key = kind == MessageKind.STRUCT || e.getKey().startsWith("@") ? e.getKey() : snake(e.getKey());
                String p = JsonPointer.child(pointer, e.getKey());
                Node child = key.equals("@type") ? stringValue(e.getValue(), p) : field(kind, key, e.getValue(), p);
                if (child != null) {
                    out.put(key, child);
                }
            }
            return new Node.MapNode(out, pointer, kind, false);
        }
        if (value instanceof List<?> list) {
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Node n = node(list.get(i), JsonPointer.child(pointer, i), kind, field);
                items.add(n == null ? new Node.Value(null, JsonPointer.child(pointer, i)) : n);
            }
            return new Node.ListNode(items, pointer, ListRule.POSITIONAL);
        }
        if (value == null) {
            return null;
        }
        return new Node.Value(kind == MessageKind.STRUCT ? value : number(value), pointer);
    }

    private static Node stringValue(Object v, String pointer) {
        return v == null ? null : new Node.Value(String.valueOf(v), pointer);
    }

    /** Canonical scalar: enum names upper case, Durations shortest, integral doubles as longs. */
    private static Object scalar(MessageKind parent, String field, Object value) {
        List<String> names = FieldHints.enumNames(parent, field);
        if (names != null) {
            if (value instanceof String s) {
                return s.toUpperCase(Locale.ROOT);
            }
            if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                int i = n.intValue();
                if (i >= 0 && i < names.size()) {
                    return names.get(i);
                }
            }
        }
        if (value instanceof String s && FieldHints.isDurationField(field)) {
            return duration(s);
        }
        return number(value);
    }

    private static Object number(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        return value;
    }

    /** "30.000s" to "30s", "0.250s" to "0.25s"; anything else unchanged. */
    static String duration(String s) {
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            return s;
        }
        BigDecimal d = new BigDecimal(m.group(2) + (m.group(3) == null ? "" : "." + m.group(3)));
        String digits = d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        return (m.group(1).isEmpty() || digits.equals("0") ? "" : "-") + digits + "s";
    }

    private static boolean isZero(Object v) {
        return v == null || Boolean.FALSE.equals(v) || Long.valueOf(0).equals(v) || Double.valueOf(0).equals(v)
                || "".equals(v);
    }

    /** The proto field name of a key written in lowerCamelCase (proto3 JSON accepts both spellings). */
    static String snake(String name) {
        if (name.indexOf('_') >= 0 || name.chars().noneMatch(Character::isUpperCase)) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
