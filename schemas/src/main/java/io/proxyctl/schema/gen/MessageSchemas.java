package io.proxyctl.schema.gen;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import io.envoyproxy.pgv.validate.Validate;
import io.envoyproxy.pgv.validate.Validate.FieldRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One definition per message or enum. A message is an object accepting each field under its proto name and its
 * lowerCamel JSON name ({@code additionalProperties: false}); the two spellings of one field together, and two
 * members of one oneof, are mutually exclusive ({@code dependencies}); required fields and required oneofs are
 * {@code allOf} clauses. Markers: {@code x-proto} names the message, {@code x-required}, {@code x-oneof},
 * {@code x-oneof-required} and {@code x-conflict} label the clauses, {@code x-oneofs} lists each oneof's members,
 * {@code x-v2-fields} the v2 fields a v3 message dropped.
 */
final class MessageSchemas {
    static final String ANY = "google.protobuf.Any";

    private final Map<String, Descriptor> messages;
    private final FieldSchemas fields;

    MessageSchemas(Map<String, Descriptor> messages, FieldSchemas fields) {
        this.messages = messages;
        this.fields = fields;
    }

    Map<String, Object> definition(Descriptor d) {
        String name = d.getFullName();
        if (name.equals(ANY)) {
            return any();
        }
        if (FieldSchemas.isWellKnownJson(name)) {
            // only named by an Any, whose JSON then holds the value under "value"
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("x-proto", name);
            s.put("x-wkt", fields.wellKnown(name, FieldRules.getDefaultInstance()));
            return s;
        }
        return message(d);
    }

    private static Map<String, Object> any() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("x-proto", ANY);
        s.put("x-any", true);
        // an Any naming google.protobuf.Any holds the inner Any under "value"
        s.put("x-wkt", FieldSchemas.obj("$ref", FieldSchemas.DEFS + ANY));
        s.put("properties", FieldSchemas.obj("@type", FieldSchemas.obj("type", "string")));
        return s;
    }

    private Map<String, Object> message(Descriptor d) {
        boolean pgv = !d.getOptions().getExtension(Validate.disabled) && !d.getOptions().getExtension(Validate.ignored);
        Map<String, Object> props = new LinkedHashMap<>();
        List<Object> clauses = new ArrayList<>();
        Map<String, List<Object>> deps = new LinkedHashMap<>();
        for (FieldDescriptor f : d.getFields()) {
            FieldRules rules = pgv && f.getOptions().hasExtension(Validate.rules)
                    ? f.getOptions().getExtension(Validate.rules) : FieldRules.getDefaultInstance();
            Map<String, Object> p = fields.property(f, rules);
            List<String> spellings = spellings(f);
            for (String s : spellings) {
                props.put(s, p);
            }
            if (f.getRealContainingOneof() == null && (f.isRequired() || ImpliedPresence.defaultViolates(f, rules))) {
                clauses.add(required("x-required", f.getName(), spellings));
            }
            if (spellings.size() > 1) {
                Map<String, Object> conflict = new LinkedHashMap<>();
                conflict.put("x-conflict", f.getName());
                conflict.put("not", FieldSchemas.obj("required", List.of(f.getName())));
                deps.computeIfAbsent(spellings.get(1), k -> new ArrayList<>()).add(conflict);
            }
        }
        Map<String, Object> oneofs = new LinkedHashMap<>();
        for (OneofDescriptor o : d.getRealOneofs()) {
            boolean isRequired = pgv && o.getOptions().getExtension(Validate.required);
            List<String> members = new ArrayList<>();
            List<String> all = new ArrayList<>();
            for (FieldDescriptor f : o.getFields()) {
                members.add(f.getName());
                all.addAll(spellings(f));
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("members", members);
            if (isRequired) {
                info.put("required", true);
                clauses.add(required("x-oneof-required", o.getName(), all));
            }
            oneofs.put(o.getName(), info);
            if (o.getFieldCount() < 2) {
                continue;
            }
            for (FieldDescriptor f : o.getFields()) {
                List<Object> others = new ArrayList<>();
                for (FieldDescriptor g : o.getFields()) {
                    if (g != f) {
                        for (String s : spellings(g)) {
                            others.add(FieldSchemas.obj("required", List.of(s)));
                        }
                    }
                }
                for (String s : spellings(f)) {
                    Map<String, Object> exclusive = new LinkedHashMap<>();
                    exclusive.put("x-oneof", o.getName());
                    exclusive.put("not", others.size() == 1 ? others.get(0) : FieldSchemas.obj("anyOf", others));
                    deps.computeIfAbsent(s, k -> new ArrayList<>()).add(exclusive);
                }
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("x-proto", d.getFullName());
        s.put("properties", props);
        s.put("additionalProperties", false);
        if (!deps.isEmpty()) {
            Map<String, Object> dependencies = new LinkedHashMap<>();
            deps.forEach((k, v) -> dependencies.put(k, v.size() == 1 ? v.get(0) : FieldSchemas.obj("allOf", v)));
            s.put("dependencies", dependencies);
        }
        if (!clauses.isEmpty()) {
            s.put("allOf", clauses);
        }
        if (!oneofs.isEmpty()) {
            s.put("x-oneofs", oneofs);
        }
        Map<String, String> v2 = V2Fields.of(d, messages);
        if (!v2.isEmpty()) {
            s.put("x-v2-fields", v2);
        }
        return s;
    }

    /** A labelled "one of these spellings is present" clause. */
    private static Map<String, Object> required(String marker, String name, List<String> spellings) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(marker, name);
        if (spellings.size() == 1) {
            c.put("required", spellings);
        } else {
            List<Object> any = new ArrayList<>();
            for (String s : spellings) {
                any.add(FieldSchemas.obj("required", List.of(s)));
            }
            c.put("anyOf", any);
        }
        return c;
    }

    private static List<String> spellings(FieldDescriptor f) {
        return f.getJsonName().equals(f.getName()) ? List.of(f.getName()) : List.of(f.getName(), f.getJsonName());
    }

    static Map<String, Object> enumDefinition(EnumDescriptor e) {
        Map<String, Integer> values = new LinkedHashMap<>();
        List<String> deprecated = new ArrayList<>();
        for (EnumValueDescriptor v : e.getValues()) {
            values.put(v.getName(), v.getNumber());
            if (FieldSchemas.isDeprecated(v)) {
                deprecated.add(v.getName());
            }
        }
        Map<String, Object> s = FieldSchemas.enumSchema(e.getFullName(), values);
        s.put("x-values", values);
        if (!deprecated.isEmpty()) {
            s.put("x-deprecated-values", deprecated);
        }
        return s;
    }
}
