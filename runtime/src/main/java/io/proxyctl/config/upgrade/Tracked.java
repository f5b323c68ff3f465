package io.proxyctl.config.upgrade;

import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.load.SourceMap;
import io.proxyctl.config.tree.Tree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of the tree being upgraded that remembers where it came from: the JSON pointer, in the original
 * document, of the node it was copied, moved or derived from. Rules move and rename these nodes freely; when the
 * upgrade is done, {@link #unwrap} turns the tree back into plain maps and lists and gives every new pointer the
 * original position, so diagnostics on the upgraded config point into the user's file.
 */
final class Tracked {
    /** A {@code LinkedHashMap<String, Tracked>}, an {@code ArrayList<Tracked>}, or a scalar. */
    Object value;
    final String origin;

    Tracked(Object value, String origin) {
        this.value = value;
        this.origin = origin;
    }

    /** Copies a plain loaded tree, recording each node's own pointer as its origin. */
    static Tracked wrap(Object plain, String pointer) {
        if (plain instanceof Map<?, ?> m) {
            Map<String, Tracked> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                out.put(k, wrap(e.getValue(), JsonPointer.child(pointer, k)));
            }
            return new Tracked(out, pointer);
        }
        if (plain instanceof List<?> l) {
            List<Tracked> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(wrap(l.get(i), JsonPointer.child(pointer, i)));
            }
            return new Tracked(out, pointer);
        }
        return new Tracked(plain, pointer);
    }

    /**
     * Converts back to a plain tree, filling {@code out} with the original positions of every node (values, and
     * keys of map entries) and {@code origins} with new pointer -> original pointer.
     */
    Object unwrap(String pointer, SourceMap original, SourceMap out, Map<String, String> origins) {
        out.putValue(pointer, original.value(origin));
        origins.put(pointer, origin);
        Map<String, Tracked> m = map();
        if (m != null) {
            Map<String, Object> plain = new LinkedHashMap<>();
            for (Map.Entry<String, Tracked> e : m.entrySet()) {
                String child = JsonPointer.child(pointer, e.getKey());
                out.putKey(child, original.key(e.getValue().origin));
                plain.put(e.getKey(), e.getValue().unwrap(child, original, out, origins));
            }
            return plain;
        }
        List<Tracked> l = list();
        if (l != null) {
            List<Object> plain = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                plain.add(l.get(i).unwrap(JsonPointer.child(pointer, i), original, out, origins));
            }
            return plain;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    Map<String, Tracked> map() {
        return value instanceof Map<?, ?> ? (Map<String, Tracked>) value : null;
    }

    @SuppressWarnings("unchecked")
    List<Tracked> list() {
        return value instanceof List<?> ? (List<Tracked>) value : null;
    }

    String str() {
        return value instanceof String s ? s : null;
    }

    /** A new empty mapping derived from {@code origin}. */
    static Tracked newMap(String origin) {
        return new Tracked(new LinkedHashMap<String, Tracked>(), origin);
    }

    /** A new list derived from {@code origin}. */
    static Tracked newList(String origin, List<Tracked> items) {
        return new Tracked(new ArrayList<>(items), origin);
    }

    /** A new scalar derived from {@code origin}. */
    static Tracked scalar(Object value, String origin) {
        return new Tracked(value, origin);
    }

    // ---- field access on a tracked mapping (proto3 JSON: snake_case or lowerCamelCase keys)

    /** The key holding {@code snakeName} in this mapping, or null. */
    String keyOf(String snakeName) {
        Map<String, Tracked> m = map();
        if (m == null) {
            return null;
        }
        if (m.containsKey(snakeName)) {
            return snakeName;
        }
        String c = Tree.camel(snakeName);
        return m.containsKey(c) ? c : null;
    }

    /** The child under {@code snakeName} (either spelling), or null. */
    Tracked get(String snakeName) {
        String k = keyOf(snakeName);
        return k == null ? null : map().get(k);
    }

    String getStr(String snakeName) {
        Tracked t = get(snakeName);
        return t == null ? null : t.str();
    }

    /** Items of a repeated field: the list's elements, or a single mapping (lenient single-item form). */
    List<Tracked> items(String snakeName) {
        Tracked t = get(snakeName);
        if (t == null) {
            return List.of();
        }
        if (t.list() != null) {
            return t.list();
        }
        return t.map() != null ? List.of(t) : List.of();
    }

    /** Pointer of an item of a repeated field, matching {@link #items}. */
    static String itemPointer(String fieldPointer, Tracked field, int index) {
        return field != null && field.list() != null ? JsonPointer.child(fieldPointer, index) : fieldPointer;
    }

    /** Removes a field (either spelling) and returns it, or null. */
    Tracked remove(String snakeName) {
        String k = keyOf(snakeName);
        return k == null ? null : map().remove(k);
    }

    /**
     * Replaces the entry {@code oldKey} by {@code newKey} -> {@code value} at the same place in the mapping, so
     * the upgraded file keeps the user's field order.
     */
    void replaceEntry(String oldKey, String newKey, Tracked value) {
        Map<String, Tracked> m = map();
        Map<String, Tracked> copy = new LinkedHashMap<>(m);
        m.clear();
        for (Map.Entry<String, Tracked> e : copy.entrySet()) {
            if (e.getKey().equals(oldKey)) {
                m.put(newKey, value);
            } else if (!e.getKey().equals(newKey)) {
                m.put(e.getKey(), e.getValue());
            }
        }
    }

    /** Inserts {@code key} -> {@code value} right after {@code afterKey} (at the end if absent). */
    void putAfter(String afterKey, String key, Tracked value) {
        Map<String, Tracked> m = map();
        if (afterKey == null || !m.containsKey(afterKey)) {
            m.put(key, value);
            return;
        }
        Map<String, Tracked> copy = new LinkedHashMap<>(m);
        m.clear();
        for (Map.Entry<String, Tracked> e : copy.entrySet()) {
            if (!e.getKey().equals(key)) {
                m.put(e.getKey(), e.getValue());
            }
            if (e.getKey().equals(afterKey)) {
                m.put(key, value);
            }
        }
    }

    /** Sets a field on this mapping. */
    void put(String key, Tracked value) {
        map().put(key, value);
    }
}
