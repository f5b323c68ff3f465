package io.proxyctl.config.schema;

import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Walks a document alongside the generated definitions. It records which definitions (and which of their
 * properties) the document reaches, including the messages its {@code "@type"} values name, so that everit gets
 * a schema of just those; and it reports what needs no everit and would cost everit dearly: Any without or with an
 * unknown {@code "@type"}, two members of one oneof, one field under both its spellings, Duration bounds, byte
 * lengths, integers written as strings, and (when asked) deprecated fields and enum values.
 */
final class DocumentWalker {
    private final SchemaStore store;
    private final ApiVersion version;
    private final Reporter errors;
    private final Reporter deprecations;
    private final Usage usage = new Usage();

    /** {@code deprecations} may be null when only errors are wanted. */
    DocumentWalker(SchemaStore store, ApiVersion version, Reporter errors, Reporter deprecations) {
        this.store = store;
        this.version = version;
        this.errors = errors;
        this.deprecations = deprecations;
    }

    Usage walk(Object root) {
        return walk(root, version.rootMessage());
    }

    /** Walks a document whose top level is the message {@code rootDef} (a bootstrap, a DiscoveryResponse). */
    Usage walk(Object root, String rootDef) {
        JSONObject def = store.def(rootDef);
        if (def == null) {
            throw new IllegalStateException("the schema has no definition of " + rootDef);
        }
        message(root, rootDef, def, "", false);
        return usage;
    }

    private void value(Object v, JSONObject field, String ptr) {
        String r = Shapes.ref(field);
        if (r != null) {
            JSONObject def = store.def(r);
            if (def == null) {
                return;
            }
            if (Shapes.isAny(def)) {
                any(v, ptr);
            } else if (def.has("x-enum")) {
                usage.plain(r);
                deprecatedEnumValue(def, v, ptr);
            } else {
                message(v, r, def, ptr, false);
            }
            return;
        }
        if (field.has("x-enum")) {
            Shapes.enumRefs(field, usage::plain);
            JSONObject def = store.def(field.getString("x-enum"));
            if (def != null) {
                deprecatedEnumValue(def, v, ptr);
            }
            return;
        }
        JSONObject items = Shapes.items(field);
        if (items != null) {
            if (v instanceof List<?> l) {
                for (int i = 0; i < l.size(); i++) {
                    if (l.get(i) != null) {
                        value(l.get(i), items, JsonPointer.child(ptr, i));
                    }
                }
            }
            mark(items);
            return;
        }
        JSONObject values = Shapes.mapValues(field);
        if (values != null) {
            if (v instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (e.getValue() != null) {
                        value(e.getValue(), values, JsonPointer.child(ptr, e.getKey()));
                    }
                }
            }
            mark(values);
            return;
        }
        if (field.has("x-type") && v instanceof String) {
            for (ScalarRules.Problem p : ScalarRules.custom(field, v, ptr)) {
                errors.atValue(p.code(), ptr, p.message(), p.suggestion());
            }
        }
    }

    /** Makes sure the definitions an element schema refers to exist even when the value has the wrong shape. */
    private void mark(JSONObject field) {
        String r = Shapes.ref(field);
        if (r != null) {
            usage.plain(r);
        }
        Shapes.enumRefs(field, usage::plain);
    }

    private void message(Object v, String name, JSONObject def, String ptr, boolean viaAny) {
        Set<String> used = viaAny ? usage.any(name) : usage.plain(name);
        if (!(v instanceof Map<?, ?> m)) {
            return;
        }
        JSONObject props = Shapes.properties(def);
        Map<String, String> oneofOf = store.oneofMembership(name);
        Map<String, List<String>> setMembers = null;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (e.getValue() == null || viaAny && key.equals("@type")) {
                continue;
            }
            used.add(key);
            JSONObject p = props.optJSONObject(key);
            if (p == null) {
                continue; // everit reports the unknown field; the mapper explains it
            }
            String child = JsonPointer.child(ptr, key);
            String oneof = oneofOf.get(key);
            if (oneof != null) {
                if (setMembers == null) {
                    setMembers = new LinkedHashMap<>();
                }
                setMembers.computeIfAbsent(oneof, k -> new ArrayList<>()).add(key);
            }
            String camel = Names.camel(key);
            if (!camel.equals(key) && m.get(camel) != null && props.has(camel)) {
                errors.atKey(DiagnosticCode.DUPLICATE_FIELD, JsonPointer.child(ptr, camel), "field '" + key
                        + "' is set twice, as '" + key + "' and '" + camel + "', in " + name + Reporter.where(ptr),
                        "remove one of them");
            }
            if (deprecations != null && p.optBoolean("x-deprecated")) {
                deprecations.atKey(DiagnosticCode.DEPRECATED_FIELD, child, "field '" + key + "' of "
                        + name + " is deprecated" + Reporter.where(ptr), null);
            }
            value(e.getValue(), p, child);
        }
        if (setMembers != null) {
            for (Map.Entry<String, List<String>> o : setMembers.entrySet()) {
                List<String> set = o.getValue();
                if (set.size() > 1) {
                    errors.atKey(DiagnosticCode.ONEOF_CONFLICT, JsonPointer.child(ptr, set.get(set.size() - 1)),
                            "only one of " + quoted(set) + " may be set in " + name + Reporter.where(ptr)
                                    + " (oneof " + o.getKey() + ")", "keep one of them");
                }
            }
        }
    }

    private static String quoted(List<String> names) {
        List<String> q = new ArrayList<>();
        for (String n : names) {
            q.add("'" + n + "'");
        }
        return String.join(", ", q);
    }

    private void any(Object v, String ptr) {
        usage.plain(SchemaStore.ANY);
        if (!(v instanceof Map<?, ?> m)) {
            return;
        }
        Object t = m.get("@type");
        if (t == null) {
            errors.atValue(DiagnosticCode.ANY_WITHOUT_TYPE, ptr, Reporter.subject(ptr) + " has no \"@type\"; a typed"
                    + " config names its message with \"@type\": type.googleapis.com/<message>", null);
            return;
        }
        String typePtr = JsonPointer.child(ptr, "@type");
        if (!(t instanceof String url)) {
            errors.atValue(DiagnosticCode.WRONG_TYPE, typePtr, Reporter.subject(typePtr)
                    + ": expected a type URL string, found " + ScalarRules.describe(t), null);
            return;
        }
        String name = Shapes.typeName(url);
        if (name == null || !store.isMessage(name)) {
            String near = Suggestions.typeUrl(url, store.types());
            String why = name == null && url.contains("/") && store.isMessage(url.substring(url.lastIndexOf('/') + 1))
                    ? " (the prefix must be " + Shapes.TYPE_URL_PREFIX + ")" : "";
            errors.atValue(DiagnosticCode.UNKNOWN_TYPE_URL, typePtr, Reporter.subject(ptr) + ": unknown type URL "
                    + ScalarRules.quote(url) + why, near != null ? "did you mean '" + near + "'?" : null);
            return;
        }
        if (version == ApiVersion.V3 && SchemaStore.family(name).equals("v2")) {
            // current Envoy links no v2 descriptors: the type is as unknown to it as a misspelt one
            String successor = store.successor(name);
            errors.atValue(DiagnosticCode.UNKNOWN_TYPE_URL, typePtr, Reporter.subject(ptr) + ": type URL "
                    + ScalarRules.quote(url) + " names a v2 message, which a v3 configuration cannot use",
                    successor != null ? "use '" + Shapes.TYPE_URL_PREFIX + successor + "'" : null);
            return;
        }
        JSONObject def = store.def(name);
        if (def.has("x-wkt")) {
            usage.any(name).add("value");
            Object inner = m.get("value");
            if (inner != null) {
                value(inner, def.getJSONObject("x-wkt"), JsonPointer.child(ptr, "value"));
            }
        } else {
            message(v, name, def, ptr, true);
        }
    }

    private void deprecatedEnumValue(JSONObject enumDef, Object v, String ptr) {
        JSONArray deprecated = enumDef.optJSONArray("x-deprecated-values");
        if (deprecations == null || deprecated == null || !(v instanceof String s)) {
            return;
        }
        for (int i = 0; i < deprecated.length(); i++) {
            if (deprecated.getString(i).equalsIgnoreCase(s)) {
                deprecations.atValue(DiagnosticCode.DEPRECATED_FIELD, ptr, Reporter.subject(ptr) + ": value "
                        + deprecated.getString(i).toUpperCase(Locale.ROOT) + " of " + enumDef.getString("x-enum")
                        + " is deprecated", null);
            }
        }
    }
}
