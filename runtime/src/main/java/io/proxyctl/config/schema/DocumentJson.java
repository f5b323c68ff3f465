package io.proxyctl.config.schema;

import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Converts a loaded document tree into org.json values for everit. A field whose value is null is left out:
 * proto3 JSON reads {@code null} as "not set", so it must neither satisfy nor violate the schema.
 */
final class DocumentJson {
    private DocumentJson() {
    }

    static Object convert(Object v) {
        if (v instanceof Map<?, ?> m) {
            JSONObject o = new JSONObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() != null) {
                    o.put(String.valueOf(e.getKey()), convert(e.getValue()));
                }
            }
            return o;
        } else if (v instanceof List<?> l) {
            JSONArray a = new JSONArray();
            for (Object item : l) {
                a.put(item == null ? JSONObject.NULL : convert(item));
            }
            return a;
        } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            // JSON has no literal for these; proto3 JSON writes them as the strings below
            return d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
        }
        return v;
    }
}
