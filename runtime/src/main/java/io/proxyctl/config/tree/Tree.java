package io.proxyctl.config.tree;

import io.proxyctl.config.load.JsonPointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Read access to a loaded document tree the way Envoy's proto3 JSON parser sees it: a field may be spelled in
 * snake_case or lowerCamelCase, and a repeated field holding a single mapping counts as a one-item list (the
 * lenient "single item list" form Envoy has loaded, see envoy.md section 0).
 *
 * <p>All methods are null-tolerant: asking a non-map for a field gives null, so callers can chain lookups over
 * untrusted documents without type checks at every step.
 */
public final class Tree {
    private Tree() {
    }

    /** One element of a repeated field: its JSON pointer and value. */
    public record Item(String pointer, Object value) {
        /** The value as a mapping, or null. */
        public Map<String, Object> map() {
            return Tree.map(value);
        }
    }

    /** The lowerCamelCase JSON name of a snake_case proto field name ({@code typed_config -> typedConfig}). */
    public static String camel(String snake) {
        StringBuilder sb = new StringBuilder(snake.length());
        boolean up = false;
        for (int i = 0; i < snake.length(); i++) {
            char c = snake.charAt(i);
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    /** The snake_case proto name of a field spelled either way ({@code typedConfig -> typed_config}). */
    public static String snake(String name) {
        if (name.indexOf('_') >= 0 || name.chars().noneMatch(Character::isUpperCase)) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The key under which {@code map} holds the field (snake_case or lowerCamelCase spelling), or null. */
    public static String key(Object map, String snakeName) {
        Map<String, Object> m = map(map);
        if (m == null) {
            return null;
        }
        if (m.containsKey(snakeName)) {
            return snakeName;
        }
        String c = camel(snakeName);
        return !c.equals(snakeName) && m.containsKey(c) ? c : null;
    }

    /** The value of a field in either spelling, or null. */
    public static Object get(Object map, String snakeName) {
        String k = key(map, snakeName);
        return k == null ? null : map(map).get(k);
    }

    /** The pointer of a field of the mapping at {@code pointer}, using the spelling present (snake_case if absent). */
    public static String field(String pointer, Object map, String snakeName) {
        String k = key(map, snakeName);
        return JsonPointer.child(pointer, k == null ? snakeName : k);
    }

    /** The value as a mapping, or null. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    /** A field's value as a mapping, or null. */
    public static Map<String, Object> mapField(Object map, String snakeName) {
        return map(get(map, snakeName));
    }

    /** The value as a string, or null when it is not one. */
    public static String str(Object value) {
        return value instanceof String s ? s : null;
    }

    /** A field's value as a string, or null. */
    public static String strField(Object map, String snakeName) {
        return str(get(map, snakeName));
    }

    /**
     * A scalar as text: strings as they are, numbers and booleans in their usual form, null for anything else.
     * Enum fields may be names or numbers, so both arrive here.
     */
    public static String text(Object value) {
        if (value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d.longValue());
        }
        return null;
    }

    /** An enum field's value normalised for comparison: upper-cased name, or the number as text. */
    public static String enumValue(Object value) {
        String t = text(value);
        return t == null ? null : t.toUpperCase(Locale.ROOT);
    }

    /**
     * A boolean field, accepting what proto3 JSON accepts for bool and BoolValue ({@code true}, {@code "true"});
     * {@code dflt} when absent or not a boolean.
     */
    public static boolean bool(Object map, String snakeName, boolean dflt) {
        Object v = get(map, snakeName);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
            return Boolean.parseBoolean(s);
        }
        Map<String, Object> wrapped = map(v);
        if (wrapped != null && wrapped.get("value") instanceof Boolean b) {
            return b;
        }
        return dflt;
    }

    /**
     * The elements of a repeated field at {@code pointer}: a list's elements, or a single mapping as a one-item
     * list addressed by the field's own pointer. Null and scalars give no items.
     */
    public static List<Item> items(Object value, String pointer) {
        List<Item> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                out.add(new Item(JsonPointer.child(pointer, i), l.get(i)));
            }
        } else if (value instanceof Map) {
            out.add(new Item(pointer, value));
        }
        return out;
    }

    /** The elements of a repeated field of the mapping at {@code pointer}. */
    public static List<Item> items(Object map, String pointer, String snakeName) {
        return items(get(map, snakeName), field(pointer, map, snakeName));
    }

    /** The message name in a type URL ({@code type.googleapis.com/a.b.C -> a.b.C}); the input if there is no '/'. */
    public static String messageName(String typeUrl) {
        if (typeUrl == null) {
            return null;
        }
        int i = typeUrl.lastIndexOf('/');
        return i < 0 ? typeUrl : typeUrl.substring(i + 1);
    }

    /** The message named by a typed_config's "@type", or null. */
    public static String anyType(Object typedConfig) {
        return messageName(str(map(typedConfig) == null ? null : map(typedConfig).get("@type")));
    }
}
