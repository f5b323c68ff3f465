package io.proxyctl.config.diff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of a normalised config tree. Each node remembers where it came from ({@code origin}, a JSON pointer into
 * its side's source tree) so changes can be reported at file:line, and exposes its canonical plain value (maps in
 * canonical key order, sets and keyed lists sorted) for equality and printing.
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.Value {
    /** JSON pointer of this node in the source document. */
    String origin();

    /** The canonical plain value: LinkedHashMap, ArrayList, String, Long, Double or Boolean. */
    Object plain();

    /** A message, or a map field when {@code dataKeys} (its keys are names such as filter names, not fields). */
    final class MapNode implements Node {
        private final Map<String, Node> fields;
        private final String origin;
        private final MessageKind kind;
        private final boolean dataKeys;
        private final Map<String, Object> plain;

        MapNode(Map<String, Node> fields, String origin, MessageKind kind, boolean dataKeys) {
            this.fields = sorted(fields);
            this.origin = origin;
            this.kind = kind;
            this.dataKeys = dataKeys;
            Map<String, Object> p = new LinkedHashMap<>();
            this.fields.forEach((k, v) -> p.put(k, v.plain()));
            this.plain = Collections.unmodifiableMap(p);
        }

        Map<String, Node> fields() {
            return fields;
        }

        MessageKind kind() {
            return kind;
        }

        boolean dataKeys() {
            return dataKeys;
        }

        @Override
        public String origin() {
            return origin;
        }

        @Override
        public Object plain() {
            return plain;
        }

        Node get(String field) {
            return fields.get(field);
        }

        /** A copy with {@code field} set to {@code value}, or removed when value is null. */
        MapNode with(String field, Node value) {
            Map<String, Node> m = new LinkedHashMap<>(fields);
            if (value == null) {
                m.remove(field);
            } else {
                m.put(field, value);
            }
            return new MapNode(m, origin, kind, dataKeys);
        }

        /** The string value of a scalar field, or null. */
        String string(String field) {
            return fields.get(field) instanceof Value v && v.value() instanceof String s ? s : null;
        }

        private static Map<String, Node> sorted(Map<String, Node> fields) {
            List<String> keys = new ArrayList<>(fields.keySet());
            keys.sort(MapNode::compareKeys);
            Map<String, Node> out = new LinkedHashMap<>();
            for (String k : keys) {
                out.put(k, fields.get(k));
            }
            return Collections.unmodifiableMap(out);
        }

        /** "@type" first, then "name", then alphabetical: stable and still readable. */
        static int compareKeys(String a, String b) {
            int ra = rank(a);
            int rb = rank(b);
            return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
        }

        private static int rank(String k) {
            return k.equals("@type") ? 0 : k.equals("name") ? 1 : 2;
        }
    }

    /** A repeated field; unordered lists are stored in canonical (sorted) order. */
    final class ListNode implements Node {
        private final List<Node> items;
        private final String origin;
        private final ListRule rule;
        private final List<Object> plain;

        ListNode(List<Node> items, String origin, ListRule rule) {
            this.items = List.copyOf(items);
            this.origin = origin;
            this.rule = rule;
            List<Object> p = new ArrayList<>(items.size());
            for (Node n : items) {
                p.add(n.plain());
            }
            this.plain = Collections.unmodifiableList(p);
        }

        List<Node> items() {
            return items;
        }

        ListRule rule() {
            return rule;
        }

        @Override
        public String origin() {
            return origin;
        }

        @Override
        public Object plain() {
            return plain;
        }
    }

    /** A scalar: String, Long, Double, Boolean (null only inside Structs). */
    record Value(Object value, String origin) implements Node {
        @Override
        public Object plain() {
            return value;
        }
    }
}
