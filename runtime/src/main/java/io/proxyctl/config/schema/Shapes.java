package io.proxyctl.config.schema;

import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Reads the shapes the generator writes for a field's value: a reference to a message or enum definition, a list
 * ({@code items}), a map ({@code x-map} with {@code additionalProperties}), an enum ({@code x-enum}) or a scalar
 * ({@code x-type}); and for definitions, a message ({@code x-proto}), the Any message ({@code x-any}) or a
 * well-known type named by an Any ({@code x-wkt}).
 */
final class Shapes {
    static final String REF_PREFIX = "#/definitions/";
    static final String ANY_SUFFIX = "@any";
    static final String TYPE_URL_PREFIX = "type.googleapis.com/";

    private Shapes() {
    }

    /** The definition a schema references directly, or null. */
    static String ref(JSONObject s) {
        String r = s.optString("$ref", null);
        return r != null && r.startsWith(REF_PREFIX) ? r.substring(REF_PREFIX.length()) : null;
    }

    static JSONObject items(JSONObject s) {
        return s.has("items") ? s.optJSONObject("items") : null;
    }

    static JSONObject mapValues(JSONObject s) {
        return s.has("x-map") ? s.optJSONObject("additionalProperties") : null;
    }

    /** True for schemas the validator explains itself: scalars and enums. */
    static boolean isScalar(JSONObject s) {
        return s.has("x-type") || s.has("x-enum");
    }

    static boolean isMessage(JSONObject def) {
        return def != null && def.has("x-proto") && !def.has("x-wkt") && !def.has("x-any");
    }

    static boolean isAny(JSONObject def) {
        return def != null && def.optBoolean("x-any");
    }

    static JSONObject properties(JSONObject def) {
        JSONObject p = def.optJSONObject("properties");
        return p != null ? p : new JSONObject();
    }

    /** The enum definitions a field schema refers to (the plain reference, or inside the open-enum anyOf). */
    static void enumRefs(JSONObject s, java.util.function.Consumer<String> sink) {
        String r = ref(s);
        if (r != null) {
            sink.accept(r);
            return;
        }
        JSONArray any = s.optJSONArray("anyOf");
        if (any != null) {
            for (int i = 0; i < any.length(); i++) {
                JSONObject o = any.optJSONObject(i);
                if (o != null && ref(o) != null) {
                    sink.accept(ref(o));
                }
            }
        }
    }

    /** The message name of a type URL, or null when it does not have the form Envoy accepts. */
    static String typeName(String url) {
        return url.startsWith(TYPE_URL_PREFIX) ? url.substring(TYPE_URL_PREFIX.length()) : null;
    }
}
