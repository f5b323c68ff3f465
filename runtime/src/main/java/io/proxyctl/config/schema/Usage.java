package io.proxyctl.config.schema;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one document needs from the schema: each definition it reaches with the property names it uses there, and
 * each message named by an {@code "@type"} with the names used next to it. The per-document schema holds exactly
 * these definitions, each with exactly these properties.
 */
final class Usage {
    private final Map<String, Set<String>> plain = new HashMap<>();
    private final Map<String, Set<String>> any = new HashMap<>();

    /** Marks a definition as reached and returns the (mutable) set of property names used in it. */
    Set<String> plain(String def) {
        return plain.computeIfAbsent(def, k -> new HashSet<>());
    }

    /** Marks a message as named by an {@code "@type"} and returns the property names used next to it. */
    Set<String> any(String type) {
        return any.computeIfAbsent(type, k -> new HashSet<>());
    }

    Map<String, Set<String>> plainDefs() {
        return plain;
    }

    Map<String, Set<String>> anyTypes() {
        return any;
    }

    /** A canonical description; two documents with equal signatures get the same schema. */
    String signature() {
        StringBuilder sb = new StringBuilder();
        append(sb, plain);
        sb.append('|');
        append(sb, any);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Map<String, Set<String>> m) {
        for (Map.Entry<String, Set<String>> e : new TreeMap<>(m).entrySet()) {
            sb.append(e.getKey()).append(new TreeSet<>(e.getValue())).append(';');
        }
    }
}
