package io.proxyctl.config.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.json.JSONObject;

/**
 * The generated schema resources ({@code io/proxyctl/schema/defs/<full.name>.json} and {@code index.json}),
 * loaded on first use and cached. Definitions are shared between threads and never modified after loading.
 */
final class SchemaStore {
    static final String BASE = "/io/proxyctl/schema/";
    static final String ANY = "google.protobuf.Any";

    private final Map<String, Optional<JSONObject>> defs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> oneofs = new ConcurrentHashMap<>();
    private volatile Map<String, String> types;
    private volatile Map<String, String> successors;

    /** The definition of a message or enum, or null when the API has no such name. */
    JSONObject def(String fullName) {
        return defs.computeIfAbsent(fullName, n -> Optional.ofNullable(read("defs/" + n + ".json"))).orElse(null);
    }

    /** True when {@code fullName} is a message a {@code "@type"} may name. */
    boolean isMessage(String fullName) {
        JSONObject d = def(fullName);
        return d != null && d.has("x-proto");
    }

    /**
     * For a message definition, each spelling (snake_case and lowerCamel) of each oneof member mapped to the
     * oneof's name; empty for messages without oneofs.
     */
    Map<String, String> oneofMembership(String message) {
        return oneofs.computeIfAbsent(message, n -> {
            JSONObject def = def(n);
            JSONObject all = def == null ? null : def.optJSONObject("x-oneofs");
            if (all == null) {
                return Map.of();
            }
            Map<String, String> m = new java.util.HashMap<>();
            for (String oneof : all.keySet()) {
                org.json.JSONArray members = all.getJSONObject(oneof).getJSONArray("members");
                for (int i = 0; i < members.length(); i++) {
                    m.put(members.getString(i), oneof);
                    m.put(Names.camel(members.getString(i)), oneof);
                }
            }
            return m;
        });
    }

    /** Every message of the API with its family: "v3", "v2", "any" (shared) or "test". */
    Map<String, String> types() {
        if (types == null) {
            loadIndex();
        }
        return types;
    }

    /** The v3 message that replaced a v2 message (from the v3 protos' versioning annotations), or null. */
    String successor(String v2Message) {
        if (successors == null) {
            loadIndex();
        }
        return successors.get(v2Message);
    }

    private synchronized void loadIndex() {
        if (types != null) {
            return;
        }
        JSONObject index = read("index.json");
        if (index == null) {
            throw new IllegalStateException("the schema index " + BASE + "index.json is not on the class path");
        }
        successors = copy(index.getJSONObject("successors"));
        types = copy(index.getJSONObject("types"));
    }

    private static Map<String, String> copy(JSONObject o) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : o.keySet()) {
            m.put(k, o.getString(k));
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * The API family of a message by its package, as the generator assigns it: "v2" for the v2 packages
     * (including the unversioned envoy.type and envoy.type.matcher), "v3" for v3 and later, "any" otherwise.
     */
    static String family(String message) {
        if (!message.startsWith("envoy.")) {
            return "any";
        }
        for (String seg : message.split("\\.")) {
            if (seg.startsWith("v2")) {
                return "v2";
            } else if (seg.startsWith("v3") || seg.startsWith("v4")) {
                return "v3";
            } else if (!seg.isEmpty() && Character.isUpperCase(seg.charAt(0))) {
                break; // the package ended without a version
            }
        }
        return message.startsWith("envoy.type.") ? "v2" : "any";
    }

    private static JSONObject read(String resource) {
        try (InputStream in = SchemaStore.class.getResourceAsStream(BASE + resource)) {
            if (in == null) {
                return null;
            }
            return new JSONObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema resource " + resource, e);
        }
    }
}
