package io.proxyctl.config.load;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each node of a loaded document stands in its file, keyed by JSON pointer: the position of the value, and
 * for map entries the position of the key (an unknown field is reported at its own key).
 */
public final class SourceMap {
    private final Map<String, Position> values = new HashMap<>();
    private final Map<String, Position> keys = new HashMap<>();

    public void putValue(String pointer, Position p) {
        values.put(pointer, p);
    }

    public void putKey(String pointer, Position p) {
        keys.put(pointer, p);
    }

    /** Position of the value at {@code pointer}, or of its nearest ancestor that has one. */
    public Position value(String pointer) {
        String p = JsonPointer.normalize(pointer);
        while (true) {
            Position pos = values.get(p);
            if (pos != null) {
                return pos;
            }
            if (p.isEmpty()) {
                return Position.UNKNOWN;
            }
            p = JsonPointer.parent(p);
        }
    }

    /** Position of the key of the map entry at {@code pointer}; falls back to the value's position. */
    public Position key(String pointer) {
        Position pos = keys.get(JsonPointer.normalize(pointer));
        return pos != null ? pos : value(pointer);
    }

    /** True when the map entry at {@code pointer} exists in the source. */
    public boolean hasKey(String pointer) {
        return keys.containsKey(JsonPointer.normalize(pointer));
    }
}
