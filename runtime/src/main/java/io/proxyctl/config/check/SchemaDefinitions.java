package io.proxyctl.config.check;

import io.proxyctl.config.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Reads the per-message JSON Schema definitions the schema module generates
 * ({@code io/proxyctl/schema/defs/<full.message.Name>.json} on the class path), lazily, one message at a time.
 *
 * <p>What it relies on in a definition: {@code properties.<field>} (snake_case or lowerCamelCase) with
 * {@code "x-deprecated": true} on deprecated fields; the field's message from a {@code $ref} ending in
 * {@code <full.message.Name>} or {@code <full.message.Name>.json}, found on the property itself, on its
 * {@code items} (repeated), on its {@code additionalProperties} (map) or in a {@code oneOf}/{@code anyOf}/
 * {@code allOf} branch. A definition that does not parse is treated as absent, never as an error.
 */
public final class SchemaDefinitions implements MessageSchema {
    /** Class path folder of the definitions. */
    public static final String ROOT = "io/proxyctl/schema/defs/";

    private final ClassLoader loader;
    private final Map<String, Optional<JSONObject>> cache = new ConcurrentHashMap<>();

    private SchemaDefinitions(ClassLoader loader) {
        this.loader = loader;
    }

    /** The definitions visible to this class's loader (none until the schema module provides them). */
    public static SchemaDefinitions fromClasspath() {
        return new SchemaDefinitions(SchemaDefinitions.class.getClassLoader());
    }

    /** The definitions visible to {@code loader} (tests use a loader over a folder of sample definitions). */
    public static SchemaDefinitions from(ClassLoader loader) {
        return new SchemaDefinitions(loader);
    }

    @Override
    public boolean knows(String message) {
        return message != null && definition(message).isPresent();
    }

    @Override
    public FieldInfo field(String message, String field) {
        Optional<JSONObject> def = message == null ? Optional.empty() : definition(message);
        if (def.isEmpty()) {
            return null;
        }
        JSONObject props = def.get().optJSONObject("properties");
        if (props == null) {
            return null;
        }
        JSONObject p = props.optJSONObject(field);
        if (p == null) {
            p = props.optJSONObject(Tree.camel(field));
        }
        if (p == null) {
            return null;
        }
        boolean deprecated = p.optBoolean("x-deprecated", false);
        FieldInfo.Kind kind = FieldInfo.Kind.SINGULAR;
        String type = ref(p);
        if ("array".equals(p.opt("type")) || p.optJSONObject("items") != null) {
            kind = FieldInfo.Kind.REPEATED;
            JSONObject items = p.optJSONObject("items");
            type = items == null ? type : ref(items);
        } else if (type == null && p.optJSONObject("additionalProperties") != null) {
            kind = FieldInfo.Kind.MAP;
            type = ref(p.optJSONObject("additionalProperties"));
        }
        return new FieldInfo(field, kind, type == null ? "unknown" : type, deprecated);
    }

    private static String ref(JSONObject o) {
        String r = o.optString("$ref", null);
        if (r != null) {
            String name = r.substring(r.lastIndexOf('/') + 1);
            return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        }
        for (String k : new String[] {"oneOf", "anyOf", "allOf"}) {
            JSONArray a = o.optJSONArray(k);
            if (a != null) {
                for (int i = 0; i < a.length(); i++) {
                    JSONObject b = a.optJSONObject(i);
                    String found = b == null ? null : ref(b);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    private Optional<JSONObject> definition(String message) {
        return cache.computeIfAbsent(message, this::read);
    }

    private Optional<JSONObject> read(String message) {
        try (InputStream in = loader.getResourceAsStream(ROOT + message + ".json")) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new JSONObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException | JSONException e) {
            return Optional.empty();
        }
    }
}
