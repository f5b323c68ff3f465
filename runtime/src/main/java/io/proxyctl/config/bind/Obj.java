package io.proxyctl.config.bind;

import io.proxyctl.config.load.JsonPointer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cursor on one JSON object of the bootstrap tree. Reads fields by their snake_case name and also accepts the
 * lowerCamelCase JSON name, converts proto3 JSON scalar forms (64-bit integers as strings, Duration strings,
 * case-insensitive enums, wrapper types) and throws {@link BindException} with a pointer on a wrong shape.
 */
final class Obj {
    private final Map<String, Object> map;
    private final String pointer;

    Obj(Map<String, Object> map, String pointer) {
        this.map = map;
        this.pointer = pointer;
    }

    @SuppressWarnings("unchecked")
    static Obj of(Object value, String pointer) {
        if (value instanceof Map<?, ?> m) {
            return new Obj((Map<String, Object>) m, pointer);
        }
        throw new BindException(pointer, "expected an object, found " + describe(value));
    }

    String pointer() {
        return pointer;
    }

    Map<String, Object> map() {
        return map;
    }

    /** The key actually present for a field (snake_case or lowerCamelCase), or null. */
    private String key(String field) {
        if (map.containsKey(field)) {
            return field;
        }
        String camel = camel(field);
        return map.containsKey(camel) ? camel : null;
    }

    static String camel(String snake) {
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

    /** True when the field is present with a non-null value. */
    boolean has(String field) {
        String k = key(field);
        return k != null && map.get(k) != null;
    }

    Object raw(String field) {
        String k = key(field);
        return k == null ? null : map.get(k);
    }

    String ptr(String field) {
        String k = key(field);
        return JsonPointer.child(pointer, k == null ? field : k);
    }

    /** The nested object, or null when absent. */
    Obj obj(String field) {
        Object v = raw(field);
        return v == null ? null : of(v, ptr(field));
    }

    /** The list of nested objects, empty when absent. */
    List<Obj> objs(String field) {
        Object v = raw(field);
        if (v == null) {
            return List.of();
        }
        String p = ptr(field);
        if (!(v instanceof List<?> list)) {
            // Envoy's parser tolerated a single object where a list was expected ("single item lists").
            return List.of(of(v, p));
        }
        List<Obj> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(of(list.get(i), JsonPointer.child(p, i)));
        }
        return out;
    }

    List<String> strings(String field) {
        Object v = raw(field);
        if (v == null) {
            return List.of();
        }
        String p = ptr(field);
        if (!(v instanceof List<?> list)) {
            return List.of(scalarString(v, p));
        }
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(scalarString(list.get(i), JsonPointer.child(p, i)));
        }
        return out;
    }

    String str(String field, String def) {
        Object v = raw(field);
        return v == null ? def : scalarString(v, ptr(field));
    }

    /** A required string; a missing value is a bind error. */
    String reqStr(String field) {
        String s = str(field, null);
        if (s == null) {
            throw new BindException(ptr(field), "missing required field '" + field + "'");
        }
        return s;
    }

    private static String scalarString(Object v, String p) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Long || v instanceof Boolean) {
            return String.valueOf(v);
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && !d.isInfinite() ? String.valueOf(d.longValue()) : String.valueOf(d);
        }
        throw new BindException(p, "expected a string, found " + describe(v));
    }

    boolean bool(String field, boolean def) {
        Object v = raw(field);
        if (v == null) {
            return def;
        }
        if (v instanceof Map<?, ?> m && m.containsKey("value")) {
            v = m.get("value"); // a BoolValue written as an object
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new BindException(ptr(field), "expected a boolean, found " + describe(v));
    }

    long lng(String field, long def) {
        Object v = raw(field);
        if (v == null) {
            return def;
        }
        if (v instanceof Map<?, ?> m && m.containsKey("value")) {
            v = m.get("value"); // a UInt32Value written as an object
        }
        return toLong(v, ptr(field));
    }

    int integer(String field, int def) {
        long l = lng(field, def);
        if (l < Integer.MIN_VALUE || l > 0xFFFFFFFFL) {
            throw new BindException(ptr(field), "value " + l + " is out of range");
        }
        return (int) Math.min(l, Integer.MAX_VALUE);
    }

    /** An optional integer (wrapper types): null when absent. */
    Integer optInt(String field) {
        return has(field) ? integer(field, 0) : null;
    }

    double dbl(String field, double def) {
        Object v = raw(field);
        if (v == null) {
            return def;
        }
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new BindException(ptr(field), "expected a number, found '" + s + "'");
            }
        }
        throw new BindException(ptr(field), "expected a number, found " + describe(v));
    }

    static long toLong(Object v, String p) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new BindException(p, "expected an integer, found '" + s + "'");
            }
        }
        throw new BindException(p, "expected an integer, found " + describe(v));
    }

    /** A google.protobuf.Duration: "5s", "0.25s", or {seconds, nanos}; {@code def} when absent. */
    Duration duration(String field, Duration def) {
        Object v = raw(field);
        if (v == null) {
            return def;
        }
        return parseDuration(v, ptr(field));
    }

    static Duration parseDuration(Object v, String p) {
        if (v instanceof String s) {
            String t = s.trim();
            if (!t.endsWith("s")) {
                throw new BindException(p, "invalid duration '" + s + "': expected seconds with an 's' suffix, e.g. \"5s\"");
            }
            try {
                BigDecimal secs = new BigDecimal(t.substring(0, t.length() - 1));
                BigDecimal nanos = secs.movePointRight(9);
                return Duration.ofNanos(nanos.longValueExact());
            } catch (ArithmeticException | NumberFormatException e) {
                throw new BindException(p, "invalid duration '" + s + "'");
            }
        }
        if (v instanceof Map<?, ?> m) {
            long seconds = m.get("seconds") == null ? 0 : toLong(m.get("seconds"), p + "/seconds");
            long nanos = m.get("nanos") == null ? 0 : toLong(m.get("nanos"), p + "/nanos");
            return Duration.ofSeconds(seconds, nanos);
        }
        if (v instanceof Long l) {
            return Duration.ofSeconds(l);
        }
        if (v instanceof Double d) {
            return Duration.ofNanos((long) (d * 1e9));
        }
        throw new BindException(p, "expected a duration string such as \"5s\", found " + describe(v));
    }

    /**
     * A proto enum by name (case-insensitive) or number. {@code numbers[i]} is the proto number of constant i;
     * when omitted the ordinal is the number.
     */
    <E extends Enum<E>> E enumValue(String field, Class<E> type, E def, int... numbers) {
        Object v = raw(field);
        if (v == null) {
            return def;
        }
        E[] values = type.getEnumConstants();
        if (v instanceof String s) {
            String u = s.trim().toUpperCase(Locale.ROOT);
            for (E e : values) {
                if (e.name().equals(u)) {
                    return e;
                }
            }
            try {
                v = Long.parseLong(u);
            } catch (NumberFormatException e) {
                throw new BindException(ptr(field), "unknown value '" + s + "' for " + field);
            }
        }
        long n = toLong(v, ptr(field));
        for (int i = 0; i < values.length; i++) {
            int num = numbers.length > 0 ? numbers[i] : i;
            if (num == n) {
                return values[i];
            }
        }
        throw new BindException(ptr(field), "unknown value " + n + " for " + field);
    }

    static String describe(Object v) {
        if (v == null) {
            return "null";
        } else if (v instanceof Map) {
            return "an object";
        } else if (v instanceof List) {
            return "a list";
        } else if (v instanceof String s) {
            return "the string '" + s + "'";
        } else if (v instanceof Boolean) {
            return "a boolean";
        }
        return "the number " + v;
    }
}
