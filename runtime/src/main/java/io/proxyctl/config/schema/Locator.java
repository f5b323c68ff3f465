package io.proxyctl.config.schema;

import io.proxyctl.config.load.JsonPointer;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;

/**
 * Finds, for a JSON pointer into the document, which schema applies there: the field schema of the value, the
 * message definition when the value is a message (following {@code "@type"} through Any), and the message and
 * field name that hold it. Used to explain a violation from the generated schema rather than from everit.
 */
final class Locator {
    /** What applies at one pointer; any part may be null when the document leaves the schema there. */
    record Location(JSONObject field, JSONObject message, JSONObject parent, String fieldName) {
    }

    private static final JSONObject TYPE_URL = new JSONObject().put("x-type", "string");

    private final SchemaStore store;
    private final Object root;
    private final String rootDef;

    Locator(SchemaStore store, Object root, String rootDef) {
        this.store = store;
        this.root = root;
        this.rootDef = rootDef;
    }

    Location locate(String pointer) {
        JSONObject field = new JSONObject().put("$ref", Shapes.REF_PREFIX + rootDef);
        Object value = root;
        JSONObject parent = null;
        String name = null;
        for (String token : JsonPointer.tokens(pointer)) {
            JSONObject msg = messageOf(field, value);
            JSONObject next;
            if (msg != null) {
                parent = msg;
                name = token;
                if (msg.has("x-wkt")) {
                    next = token.equals("value") ? msg.getJSONObject("x-wkt") : token.equals("@type") ? TYPE_URL : null;
                } else if (token.equals("@type") && isAny(field)) {
                    next = TYPE_URL;
                } else {
                    next = Shapes.properties(msg).optJSONObject(token);
                }
            } else if (Shapes.items(field) != null) {
                next = Shapes.items(field);
            } else if (Shapes.mapValues(field) != null) {
                next = Shapes.mapValues(field);
            } else {
                next = null;
            }
            value = child(value, token);
            if (next == null) {
                return new Location(null, null, parent, name);
            }
            field = next;
        }
        return new Location(field, messageOf(field, value), parent, name);
    }

    /** A field schema with a reference to an enum definition replaced by the definition. */
    JSONObject scalar(JSONObject field) {
        String r = Shapes.ref(field);
        if (r != null) {
            JSONObject def = store.def(r);
            return def != null && def.has("x-enum") ? def : null;
        }
        return Shapes.isScalar(field) ? field : null;
    }

    private boolean isAny(JSONObject field) {
        String r = Shapes.ref(field);
        return r != null && Shapes.isAny(store.def(r));
    }

    /** The message definition that applies to {@code value} under {@code field}, resolving Any by "@type". */
    JSONObject messageOf(JSONObject field, Object value) {
        String r = Shapes.ref(field);
        if (r == null) {
            return null;
        }
        JSONObject def = store.def(r);
        if (Shapes.isAny(def)) {
            if (value instanceof Map<?, ?> m && m.get("@type") instanceof String url) {
                String type = Shapes.typeName(url);
                JSONObject target = type != null && store.isMessage(type) ? store.def(type) : null;
                return target != null ? target : def;
            }
            return def;
        }
        return def != null && def.has("x-proto") ? def : null;
    }

    private static Object child(Object v, String token) {
        if (v instanceof Map<?, ?> m) {
            return m.get(token);
        } else if (v instanceof List<?> l) {
            try {
                int i = Integer.parseInt(token);
                return i >= 0 && i < l.size() ? l.get(i) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
