package io.proxyctl.admin.dump;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * google.protobuf.FieldMask on config dump messages held as JSON maps, with protobuf's rules: a path is valid
 * when each segment names a field of the message reached so far and only non-repeated message fields are
 * descended into; trimming keeps the named fields (and the named sub-fields of named message fields).
 */
final class FieldMasks {
    private final ProtoShapes shapes;

    FieldMasks(ProtoShapes shapes) {
        this.shapes = shapes;
    }

    /** protobuf's {@code FieldMaskUtil::FromString}: comma-separated paths, empty ones skipped. */
    static List<String> parse(String mask) {
        List<String> out = new ArrayList<>();
        for (String p : mask.split(",")) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /** protobuf's {@code FieldMask::DebugString}, as Envoy puts it in an error message. */
    static String debugString(List<String> paths) {
        StringBuilder sb = new StringBuilder();
        for (String p : paths) {
            sb.append("paths: \"").append(p).append("\"\n");
        }
        return sb.toString();
    }

    /** Whether every path is valid for {@code message} (an admin message name or a full API message name). */
    boolean valid(String message, List<String> paths) {
        for (String path : paths) {
            String current = message;
            for (String segment : path.split("\\.", -1)) {
                if (current == null) {
                    return false;
                }
                DumpSchema.Field f = field(current, segment);
                if (f == null) {
                    return false;
                }
                current = !f.repeated() && f.message() != null ? f.message() : null;
            }
        }
        return true;
    }

    /** The field {@code name} (exact proto name) of a message, or null. */
    DumpSchema.Field field(String message, String name) {
        Map<String, DumpSchema.Field> admin = DumpSchema.fields(message);
        if (admin != null) {
            return admin.get(name);
        }
        ProtoShapes.Field f = shapes.field(message, name);
        if (f == null || !f.name().equals(name)) {
            return null;
        }
        String type = switch (f.shape().kind()) {
            case MESSAGE -> f.shape().type();
            case ANY -> DumpSchema.ANY;
            default -> null;
        };
        return new DumpSchema.Field(f.repeated() || f.map(), type);
    }

    /** A copy of {@code m} keeping only the masked fields; {@code @type} is always kept. */
    static Map<String, Object> trim(Map<String, Object> m, List<String> paths) {
        return trim(m, tree(paths));
    }

    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        boolean whole;
    }

    private static Node tree(List<String> paths) {
        Node root = new Node();
        for (String p : paths) {
            Node n = root;
            for (String s : p.split("\\.")) {
                n = n.children.computeIfAbsent(s, k -> new Node());
            }
            n.whole = true;
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> trim(Map<String, Object> m, Node node) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getKey().equals("@type")) {
                out.put(e.getKey(), e.getValue());
                continue;
            }
            Node child = node.children.get(e.getKey());
            if (child == null) {
                continue;
            }
            if (child.whole || !(e.getValue() instanceof Map)) {
                out.put(e.getKey(), e.getValue());
            } else {
                out.put(e.getKey(), trim((Map<String, Object>) e.getValue(), child));
            }
        }
        return out;
    }
}
