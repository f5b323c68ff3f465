package io.proxyctl.config.load;

import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns a composed YAML node graph into the document tree (maps, lists, scalars resolved as Envoy's yaml-cpp front end
 * does), recording every key's and value's position; bounded in nodes and depth so aliases cannot blow it up.
 */
final class TreeBuilder {
    private final String name;
    private final SourceMap map;
    private final MarkPositions positions;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final IdentityHashMap<Node, Boolean> onPath = new IdentityHashMap<>();
    private int nodes;

    TreeBuilder(String name, SourceMap map, MarkPositions positions) {
        this.name = name;
        this.map = map;
        this.positions = positions;
    }

    /** Problems found while building; the tree is unusable when there are any. */
    List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    Object convert(Node node, String pointer, int depth) {
        if (!diagnostics.isEmpty()) {
            return null;
        }
        if (++nodes > YamlLoader.MAX_NODES) {
            error(DiagnosticCode.YAML_ALIAS_LIMIT, node, pointer,
                    "document expands to more than " + YamlLoader.MAX_NODES + " nodes (alias bomb?)");
            return null;
        }
        if (depth > YamlLoader.MAX_DEPTH) {
            error(DiagnosticCode.YAML_NESTING_LIMIT, node, pointer, "document nests deeper than " + YamlLoader.MAX_DEPTH + " levels");
            return null;
        }
        if (onPath.put(node, Boolean.TRUE) != null) {
            error(DiagnosticCode.YAML_ALIAS_LIMIT, node, pointer, "recursive alias");
            return null;
        }
        try {
            map.putValue(pointer, positions.of(node.getStartMark()));
            if (node instanceof MappingNode m) {
                return mapping(m, pointer, depth);
            } else if (node instanceof SequenceNode s) {
                List<Object> out = new ArrayList<>(s.getValue().size());
                int i = 0;
                for (Node item : s.getValue()) {
                    out.add(convert(item, JsonPointer.child(pointer, i++), depth + 1));
                }
                return out;
            }
            return scalar((ScalarNode) node, pointer);
        } finally {
            onPath.remove(node);
        }
    }

    private Map<String, Object> mapping(MappingNode m, String pointer, int depth) {
        m.setMerged(false);
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : mergedTuples(m)) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks)) {
                error(DiagnosticCode.YAML_SYNTAX, k, pointer, "mapping keys must be scalars");
                return out;
            }
            if ("!ignore".equals(ks.getTag().getValue())) {
                continue;
            }
            String key = ks.getValue();
            String child = JsonPointer.child(pointer, key);
            if (out.containsKey(key)) {
                error(DiagnosticCode.YAML_DUPLICATE_KEY, k, child, "duplicate key '" + key + "'");
                return out;
            }
            map.putKey(child, positions.of(k.getStartMark()));
            out.put(key, convert(t.getValueNode(), child, depth + 1));
        }
        return out;
    }

    /** Applies YAML merge keys ("<<: *base"), which yaml-cpp also honours; explicit keys win. */
    private List<NodeTuple> mergedTuples(MappingNode m) {
        List<NodeTuple> explicit = new ArrayList<>();
        List<NodeTuple> merged = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getTag().equals(Tag.MERGE)) {
                Node v = t.getValueNode();
                List<Node> sources = v instanceof SequenceNode s ? s.getValue() : List.of(v);
                for (Node src : sources) {
                    if (src instanceof MappingNode sm) {
                        merged.addAll(mergedTuples(sm));
                    }
                }
            } else {
                explicit.add(t);
            }
        }
        if (merged.isEmpty()) {
            return explicit;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (NodeTuple t : explicit) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                seen.add(k.getValue());
            }
        }
        List<NodeTuple> out = new ArrayList<>(explicit);
        for (NodeTuple t : merged) {
            if (t.getKeyNode() instanceof ScalarNode k && seen.add(k.getValue())) {
                out.add(t);
            }
        }
        return out;
    }

    private Object scalar(ScalarNode s, String pointer) {
        String v = s.getValue();
        Tag tag = s.getTag();
        String tv = tag.getValue();
        if (tag.equals(Tag.STR) || "!".equals(tv) || tag.equals(Tag.TIMESTAMP) || tag.equals(Tag.BINARY)) {
            return v;
        }
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        if (tag.equals(Tag.BOOL)) {
            String l = v.toLowerCase(java.util.Locale.ROOT);
            return l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("y");
        }
        if (tag.equals(Tag.INT)) {
            String c = v.replace("_", "");
            try {
                if (c.startsWith("0x") || c.startsWith("0X")) {
                    return Long.parseLong(c.substring(2), 16);
                }
                return Long.parseLong(c.startsWith("+") ? c.substring(1) : c);
            } catch (NumberFormatException e) {
                return v; // out of 64-bit range: proto JSON accepts 64-bit integers as strings
            }
        }
        if (tag.equals(Tag.FLOAT)) {
            String c = v.replace("_", "").toLowerCase(java.util.Locale.ROOT);
            if (c.endsWith(".inf")) {
                return c.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            } else if (c.equals(".nan")) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(c);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        if (tv.startsWith("tag:yaml.org,2002:") || tv.startsWith("!")) {
            error(DiagnosticCode.YAML_UNSUPPORTED_TAG, s, pointer, "unsupported YAML tag '" + tv + "'");
            return null;
        }
        return v;
    }

    private void error(DiagnosticCode code, Node node, String pointer, String message) {
        Position p = positions.of(node.getStartMark());
        diagnostics.add(new Diagnostic(name, p.line(), p.column(), code.defaultSeverity(), code, message, pointer, null));
    }
}
