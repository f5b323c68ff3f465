package io.proxyctl.config.load;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6901 JSON pointers, the one addressing scheme shared by the loader, the schema validator (everit reports
 * violations as pointers) and the semantic checks.
 */
public final class JsonPointer {
    private JsonPointer() {
    }

    /** The pointer of a child under {@code parent}: a map key or a list index. */
    public static String child(String parent, Object keyOrIndex) {
        String token = String.valueOf(keyOrIndex).replace("~", "~0").replace("/", "~1");
        return parent + "/" + token;
    }

    /** Splits a pointer into unescaped tokens; accepts the "#/..." fragment form everit uses. */
    public static List<String> tokens(String pointer) {
        String p = pointer.startsWith("#") ? pointer.substring(1) : pointer;
        List<String> out = new ArrayList<>();
        if (p.isEmpty()) {
            return out;
        }
        for (String t : p.substring(1).split("/", -1)) {
            out.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    /** Normalises the "#/a/b" form to "/a/b". */
    public static String normalize(String pointer) {
        return pointer.startsWith("#") ? pointer.substring(1) : pointer;
    }

    /** The parent pointer ("" for the root's children). */
    public static String parent(String pointer) {
        int i = pointer.lastIndexOf('/');
        return i <= 0 ? "" : pointer.substring(0, i);
    }

    /**
     * A human field path in Envoy's style: {@code static_resources.clusters[0].name}.
     */
    public static String toFieldPath(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String t : tokens(pointer)) {
            if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(t).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(t);
            }
        }
        return sb.toString();
    }

    /** Resolves a pointer against a loaded tree (maps, lists, scalars); null when absent. */
    @SuppressWarnings("unchecked")
    public static Object resolve(Object root, String pointer) {
        Object cur = root;
        for (String t : tokens(pointer)) {
            if (cur instanceof java.util.Map<?, ?> m) {
                cur = ((java.util.Map<String, Object>) m).get(t);
            } else if (cur instanceof List<?> l) {
                try {
                    int i = Integer.parseInt(t);
                    cur = i >= 0 && i < l.size() ? l.get(i) : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return cur;
    }
}
