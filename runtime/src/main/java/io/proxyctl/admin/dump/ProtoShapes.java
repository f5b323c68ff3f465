package io.proxyctl.admin.dump;

import io.proxyctl.config.check.SchemaDefinitions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Field shapes of API messages, read lazily from the per-message definitions the schema module generates
 * ({@link SchemaDefinitions#ROOT}): whether a field is a message, a google.protobuf.Any, an enum (with its
 * values), a scalar or well-known type (with its kind: {@code duration}, {@code uint64}, {@code struct}, ...),
 * repeated or a map.
 */
final class ProtoShapes {
    /** What a value of a field is. */
    enum Kind { MESSAGE, ANY, ENUM, SCALAR, UNKNOWN }

    /**
     * The shape of one value.
     *
     * @param kind   what it is
     * @param type   the message or enum name, or the scalar kind ({@code string}, {@code duration}, ...)
     * @param values an enum's name-to-number map, else empty
     */
    record Shape(Kind kind, String type, Map<String, Integer> values) {
        static final Shape UNKNOWN = new Shape(Kind.UNKNOWN, "", Map.of());
    }

    /**
     * A field of a message.
     *
     * @param name     the proto (snake_case) name
     * @param repeated a repeated field
     * @param map      a map field (the shape is the value's)
     * @param shape    the shape of one value
     */
    record Field(String name, boolean repeated, boolean map, Shape shape) {
    }

    private static final ProtoShapes SHARED = new ProtoShapes(ProtoShapes.class.getClassLoader());

    private final ClassLoader loader;
    private final Map<String, Optional<JSONObject>> defs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Field>> fields = new ConcurrentHashMap<>();

    private ProtoShapes(ClassLoader loader) {
        this.loader = loader;
    }

    static ProtoShapes shared() {
        return SHARED;
    }

    /** Whether the definitions describe this message. */
    boolean knows(String message) {
        return message != null && def(message).map(d -> d.has("properties")).orElse(false);
    }

    /** The field as spelled in a document (snake_case or lowerCamelCase), or null when unknown. */
    Field field(String message, String spelled) {
        if (message == null) {
            return null;
        }
        return fields.computeIfAbsent(message, this::readFields).get(spelled);
    }

    private Map<String, Field> readFields(String message) {
        Map<String, Field> out = new HashMap<>();
        JSONObject d = def(message).orElse(null);
        JSONObject props = d == null ? null : d.optJSONObject("properties");
        if (props == null) {
            return out;
        }
        for (String key : props.keySet()) {
            JSONObject p = props.optJSONObject(key);
            if (p == null) {
                continue;
            }
            String proto = io.proxyctl.config.tree.Tree.snake(key);
            Field f;
            if (p.optJSONObject("items") != null) {
                f = new Field(proto, true, false, shape(p.getJSONObject("items")));
            } else if (p.has("x-map") || p.optJSONObject("additionalProperties") != null && !p.has("x-type")) {
                JSONObject v = p.optJSONObject("additionalProperties");
                f = new Field(proto, false, true, v == null ? Shape.UNKNOWN : shape(v));
            } else {
                f = new Field(proto, false, false, shape(p));
            }
            out.put(key, f);
        }
        return out;
    }

    private Shape shape(JSONObject o) {
        if (o.has("x-enum")) {
            String e = o.getString("x-enum");
            return new Shape(Kind.ENUM, e, enumValues(o.optJSONObject("x-values"), e));
        }
        if (o.has("x-type")) {
            return new Shape(Kind.SCALAR, o.getString("x-type"), Map.of());
        }
        String ref = o.optString("$ref", null);
        if (ref != null) {
            return refShape(ref.substring(ref.lastIndexOf('/') + 1).replaceFirst("\\.json$", ""));
        }
        for (String k : new String[] {"anyOf", "oneOf", "allOf"}) {
            JSONArray a = o.optJSONArray(k);
            if (a != null) {
                for (int i = 0; i < a.length(); i++) {
                    JSONObject b = a.optJSONObject(i);
                    if (b != null && (b.has("$ref") || b.has("x-type") || b.has("x-enum"))) {
                        return shape(b);
                    }
                }
            }
        }
        return Shape.UNKNOWN;
    }

    private Shape refShape(String name) {
        if (name.equals("google.protobuf.Any")) {
            return new Shape(Kind.ANY, name, Map.of());
        }
        JSONObject d = def(name).orElse(null);
        if (d == null) {
            return new Shape(Kind.MESSAGE, name, Map.of());
        }
        if (d.has("x-enum")) {
            return new Shape(Kind.ENUM, name, enumValues(d.optJSONObject("x-values"), name));
        }
        JSONObject wkt = d.optJSONObject("x-wkt");
        if (wkt != null) {
            return new Shape(Kind.SCALAR, wkt.optString("x-type", "unknown"), Map.of());
        }
        return new Shape(Kind.MESSAGE, name, Map.of());
    }

    private Map<String, Integer> enumValues(JSONObject inline, String enumName) {
        JSONObject v = inline;
        if (v == null) {
            v = def(enumName).map(d -> d.optJSONObject("x-values")).orElse(null);
        }
        Map<String, Integer> out = new HashMap<>();
        if (v != null) {
            for (String k : v.keySet()) {
                out.put(k, v.optInt(k));
            }
        }
        return out;
    }

    private Optional<JSONObject> def(String message) {
        return defs.computeIfAbsent(message, m -> {
            try (InputStream in = loader.getResourceAsStream(SchemaDefinitions.ROOT + m + ".json")) {
                if (in == null) {
                    return Optional.empty();
                }
                return Optional.of(new JSONObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException | JSONException e) {
                return Optional.empty();
            }
        });
    }
}
