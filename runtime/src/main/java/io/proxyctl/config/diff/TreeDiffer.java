package io.proxyctl.config.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field-level comparison of two normalised resource bodies. Maps are compared key by key; lists follow their
 * {@link ListRule}: sets by value, keyed lists by identity regardless of order, ordered lists by identity with a
 * separate "reordered" change when the order of common elements differs, and by position otherwise.
 */
final class TreeDiffer {
    private final ResourceSet a;
    private final ResourceSet b;
    private final List<FieldChange> out = new ArrayList<>();

    private TreeDiffer(ResourceSet a, ResourceSet b) {
        this.a = a;
        this.b = b;
    }

    /** The field changes between two bodies of the same resource. */
    static List<FieldChange> diff(ResourceSet a, ResourceSet b, Node x, Node y) {
        TreeDiffer d = new TreeDiffer(a, b);
        d.compare(x, y, "", x.origin(), y.origin(), null);
        return d.out;
    }

    /**
     * Compares one node of A with the same node of B and records what differs.
     *
     * @param pa   the origin in A of the node, or of its nearest existing parent when A lacks it
     * @param pb   the same for B
     * @param dflt Envoy's default of this field when known, shown for fields set on one side only
     */
    private void compare(Node x, Node y, String path, String pa, String pb, Object dflt) {
        if (x == null && y == null) {
            return;
        }
        if (x == null) {
            add(path, FieldChange.Type.ADDED, null, y.plain(), dflt, pa, y.origin());
            return;
        }
        if (y == null) {
            add(path, FieldChange.Type.REMOVED, x.plain(), null, dflt, x.origin(), pb);
            return;
        }
        if (x.plain().equals(y.plain())) {
            return;
        }
        if (x instanceof Node.MapNode mx && y instanceof Node.MapNode my) {
            Set<String> keys = new LinkedHashSet<>(mx.fields().keySet());
            keys.addAll(my.fields().keySet());
            List<String> sorted = new ArrayList<>(keys);
            sorted.sort(Node.MapNode::compareKeys);
            for (String k : sorted) {
                String childPath = mx.dataKeys() ? path + "[" + k + "]" : join(path, k);
                compare(mx.get(k), my.get(k), childPath, x.origin(), y.origin(),
                        mx.dataKeys() ? null : FieldHints.defaultValue(mx.kind(), k));
            }
            return;
        }
        if (x instanceof Node.ListNode lx && y instanceof Node.ListNode ly) {
            compareLists(lx, ly, path);
            return;
        }
        add(path, FieldChange.Type.CHANGED, x.plain(), y.plain(), null, x.origin(), y.origin());
    }

    private void compareLists(Node.ListNode x, Node.ListNode y, String path) {
        ListRule rule = y.rule();
        if (rule.identity() == ListRule.Identity.VALUE) {
            compareSets(x, y, path);
            return;
        }
        Map<String, Node> ix = byIdentity(x, rule);
        Map<String, Node> iy = byIdentity(y, rule);
        if (ix == null || iy == null) {
            int n = Math.max(x.items().size(), y.items().size());
            for (int i = 0; i < n; i++) {
                Node ex = i < x.items().size() ? x.items().get(i) : null;
                Node ey = i < y.items().size() ? y.items().get(i) : null;
                compare(ex, ey, path + "[" + i + "]", x.origin(), y.origin(), null);
            }
            return;
        }
        Set<String> ids = new LinkedHashSet<>(ix.keySet());
        ids.addAll(iy.keySet());
        for (String id : ids) {
            compare(ix.get(id), iy.get(id), path + "[" + id + "]", x.origin(), y.origin(), null);
        }
        if (rule.ordered()) {
            List<String> orderX = new ArrayList<>(ix.keySet());
            List<String> orderY = new ArrayList<>(iy.keySet());
            orderX.retainAll(iy.keySet());
            orderY.retainAll(ix.keySet());
            if (!orderX.equals(orderY)) {
                add(path, FieldChange.Type.REORDERED, new ArrayList<>(ix.keySet()), new ArrayList<>(iy.keySet()), null,
                        x.origin(), y.origin());
            }
        }
    }

    private void compareSets(Node.ListNode x, Node.ListNode y, String path) {
        Map<Object, Node> vx = new LinkedHashMap<>();
        x.items().forEach(n -> vx.putIfAbsent(n.plain(), n));
        Map<Object, Node> vy = new LinkedHashMap<>();
        y.items().forEach(n -> vy.putIfAbsent(n.plain(), n));
        for (Map.Entry<Object, Node> e : vx.entrySet()) {
            if (!vy.containsKey(e.getKey())) {
                add(path, FieldChange.Type.REMOVED, e.getKey(), null, null, e.getValue().origin(), y.origin());
            }
        }
        for (Map.Entry<Object, Node> e : vy.entrySet()) {
            if (!vx.containsKey(e.getKey())) {
                add(path, FieldChange.Type.ADDED, null, e.getKey(), null, x.origin(), e.getValue().origin());
            }
        }
    }

    /** Elements by identity in list order, or null when some element has no identity or identities repeat. */
    private static Map<String, Node> byIdentity(Node.ListNode list, ListRule rule) {
        if (rule.identity() == ListRule.Identity.POSITION) {
            return null;
        }
        Map<String, Node> m = new LinkedHashMap<>();
        for (Node n : list.items()) {
            String id = Identities.of(rule.identity(), n);
            if (id == null || m.put(id, n) != null) {
                return null;
            }
        }
        return m;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private void add(String path, FieldChange.Type type, Object oldValue, Object newValue, Object dflt,
                     String pa, String pb) {
        out.add(new FieldChange(path, type, oldValue, newValue, dflt, a.locate(pa), b.locate(pb)));
    }
}
