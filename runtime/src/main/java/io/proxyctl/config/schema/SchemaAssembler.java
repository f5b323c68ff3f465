package io.proxyctl.config.schema;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Builds one self-contained draft-07 schema from the definitions a {@link Usage} names. Each message keeps only
 * the properties the usage lists (a property no instance uses cannot fail), the Any message gets one
 * {@code if "@type" is X then X@any} clause per type named, and each {@code X@any} is X's definition with
 * {@code "@type"} allowed next to the fields. Cached definitions are shared, never modified.
 */
final class SchemaAssembler {
    private static final Set<String> INFORMATIONAL =
            Set.of("x-oneofs", "x-v2-fields", "x-values", "x-deprecated-values");

    private final SchemaStore store;

    SchemaAssembler(SchemaStore store) {
        this.store = store;
    }

    /**
     * The schema of a usage. For one document ({@code editor} false) the {@code dependencies} clauses (oneof
     * members and the two spellings of a field exclude each other) are left out: the document walker checks
     * them far more cheaply than everit, which raises an exception for every absent member it tests.
     */
    JSONObject assemble(String rootDef, Usage usage, boolean editor) {
        JSONObject defs = new JSONObject();
        Deque<String> pending = new ArrayDeque<>(usage.plainDefs().keySet());
        Set<String> seen = new HashSet<>(pending);
        seen.add(rootDef);
        if (!usage.plainDefs().containsKey(rootDef)) {
            usage.plain(rootDef);
            pending.add(rootDef);
        }
        for (Map.Entry<String, Set<String>> e : usage.anyTypes().entrySet()) {
            JSONObject variant = anyVariant(store.def(e.getKey()), e.getValue(), editor);
            defs.put(e.getKey() + Shapes.ANY_SUFFIX, variant);
            collectRefs(variant, seen, pending);
        }
        while (!pending.isEmpty()) {
            String name = pending.poll();
            JSONObject def = store.def(name);
            if (def == null) {
                continue;
            }
            JSONObject out = Shapes.isAny(def) ? any(def, usage.anyTypes().keySet())
                    : prune(def, usage.plain(name), editor);
            defs.put(name, out);
            collectRefs(out, seen, pending);
        }
        JSONObject schema = new JSONObject();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("$ref", Shapes.REF_PREFIX + rootDef);
        schema.put("definitions", defs);
        return schema;
    }

    /**
     * The editor schema: {@code defs} complete, the Any message typed for {@code anyTargets}. To keep the document
     * small enough for everit (whose loading grows with the square of the document size), a target message
     * takes {@code "@type"} in its own definition instead of getting a separate {@code X@any} copy; only the
     * well-known types, whose Any form is {@code {"@type", "value"}}, get one.
     */
    JSONObject editor(String rootDef, Set<String> defs, Set<String> anyTargets) {
        JSONObject out = new JSONObject();
        JSONArray clauses = new JSONArray();
        for (String t : new java.util.TreeSet<>(anyTargets)) {
            JSONObject def = store.def(t);
            String target = t;
            if (def.has("x-wkt")) {
                target = t + Shapes.ANY_SUFFIX;
                out.put(target, anyVariant(def, Set.of(), true));
            }
            JSONObject cond = new JSONObject()
                    .put("properties", new JSONObject().put("@type",
                            new JSONObject().put("const", Shapes.TYPE_URL_PREFIX + t)))
                    .put("required", new JSONArray().put("@type"));
            clauses.put(new JSONObject().put("if", cond)
                    .put("then", new JSONObject().put("$ref", Shapes.REF_PREFIX + target)));
        }
        for (String name : defs) {
            JSONObject def = store.def(name);
            JSONObject copy;
            if (Shapes.isAny(def)) {
                copy = prune(def, Set.of("@type"), false);
                copy.remove("x-wkt");
                copy.put("allOf", clauses);
            } else {
                copy = prune(def, Shapes.properties(def).keySet(), true);
                if (anyTargets.contains(name) && !def.has("x-wkt")) {
                    copy.getJSONObject("properties").put("@type", new JSONObject().put("type", "string"));
                }
            }
            out.put(name, copy);
        }
        JSONObject schema = new JSONObject();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("$ref", Shapes.REF_PREFIX + rootDef);
        schema.put("definitions", out);
        return schema;
    }

    /** A copy of a definition with only the used properties (and their dependencies); other keys shared. */
    private static JSONObject prune(JSONObject def, Set<String> used, boolean withDependencies) {
        JSONObject out = new JSONObject();
        for (String key : def.keySet()) {
            if (key.equals("dependencies") && !withDependencies) {
                continue;
            }
            switch (key) {
                case "properties", "dependencies" -> {
                    JSONObject all = def.getJSONObject(key);
                    JSONObject kept = new JSONObject();
                    for (String k : used) {
                        if (all.has(k)) {
                            kept.put(k, all.get(k));
                        }
                    }
                    out.put(key, kept);
                }
                default -> {
                    if (!INFORMATIONAL.contains(key)) {
                        out.put(key, def.get(key));
                    }
                }
            }
        }
        return out;
    }

    private static JSONObject anyVariant(JSONObject def, Set<String> used, boolean withDependencies) {
        JSONObject typeUrl = new JSONObject().put("type", "string");
        if (def.has("x-wkt")) {
            JSONObject props = new JSONObject().put("@type", typeUrl).put("value", def.get("x-wkt"));
            return new JSONObject().put("type", "object").put("x-proto", def.getString("x-proto"))
                    .put("properties", props).put("additionalProperties", false);
        }
        JSONObject out = prune(def, used, withDependencies);
        JSONObject props = out.optJSONObject("properties");
        if (props == null) {
            props = new JSONObject();
            out.put("properties", props);
        }
        props.put("@type", typeUrl);
        return out;
    }

    /** The Any message: open, plus one conditional per message its "@type" may name here. */
    private static JSONObject any(JSONObject def, Collection<String> types) {
        JSONObject out = prune(def, Set.of("@type"), false);
        JSONArray clauses = new JSONArray();
        for (String t : new java.util.TreeSet<>(types)) {
            JSONObject cond = new JSONObject()
                    .put("properties", new JSONObject().put("@type",
                            new JSONObject().put("const", Shapes.TYPE_URL_PREFIX + t)))
                    .put("required", new JSONArray().put("@type"));
            clauses.put(new JSONObject().put("if", cond)
                    .put("then", new JSONObject().put("$ref", Shapes.REF_PREFIX + t + Shapes.ANY_SUFFIX)));
        }
        if (!clauses.isEmpty()) {
            out.put("allOf", clauses);
        }
        return out;
    }

    /** Queues every definition {@code node} refers to that is not yet assembled. */
    static void collectRefs(Object node, Set<String> seen, Deque<String> pending) {
        if (node instanceof JSONObject o) {
            String r = Shapes.ref(o);
            if (r != null && !r.endsWith(Shapes.ANY_SUFFIX) && seen.add(r)) {
                pending.add(r);
            }
            for (String k : o.keySet()) {
                Object v = o.get(k);
                if (v instanceof JSONObject || v instanceof JSONArray) {
                    collectRefs(v, seen, pending);
                }
            }
        } else if (node instanceof JSONArray a) {
            for (int i = 0; i < a.length(); i++) {
                collectRefs(a.get(i), seen, pending);
            }
        }
    }
}
