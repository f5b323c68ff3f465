package io.proxyctl.schema.gen;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import envoy.annotations.Deprecation;
import io.envoyproxy.pgv.validate.Validate.DurationRules;
import io.envoyproxy.pgv.validate.Validate.EnumRules;
import io.envoyproxy.pgv.validate.Validate.FieldRules;
import io.envoyproxy.pgv.validate.Validate.MapRules;
import io.envoyproxy.pgv.validate.Validate.RepeatedRules;
import io.envoyproxy.pgv.validate.Validate.StringRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON Schema of one field's value in proto3 JSON (as Envoy parses YAML), with its protoc-gen-validate rules.
 *
 * <p>Scalar schemas carry {@code "x-type"} (the proto kind) and enum schemas {@code "x-enum"}: the validator stops
 * at these markers when it maps everit's violations back to diagnostics. Rules JSON Schema cannot express are
 * written as custom keywords the validator enforces itself: {@code "x-duration"} (Duration bounds) and
 * {@code "x-bytes"} (UTF-8 byte lengths).
 */
final class FieldSchemas {
    static final String DEFS = "#/definitions/";


    private final NumberSchemas numbers;
    private final StringSchemas strings;

    FieldSchemas(Stats stats) {
        this.numbers = new NumberSchemas(stats);
        this.strings = new StringSchemas(stats);
    }

    /** The property schema of a field: value, list or map, plus the deprecation marker. */
    Map<String, Object> property(FieldDescriptor f, FieldRules rules) {
        Map<String, Object> s;
        if (f.isMapField()) {
            s = map(f, rules.hasMap() ? rules.getMap() : MapRules.getDefaultInstance());
        } else if (f.isRepeated()) {
            RepeatedRules r = rules.hasRepeated() ? rules.getRepeated() : RepeatedRules.getDefaultInstance();
            s = new LinkedHashMap<>();
            s.put("type", "array");
            s.put("items", value(f, r.hasItems() ? r.getItems() : FieldRules.getDefaultInstance()));
            boolean ignoreEmpty = r.getIgnoreEmpty();
            if (r.hasMinItems() && r.getMinItems() > 0 && !ignoreEmpty) {
                s.put("minItems", r.getMinItems());
            }
            if (r.hasMaxItems()) {
                s.put("maxItems", r.getMaxItems());
            }
            if (r.getUnique()) {
                s.put("uniqueItems", true);
            }
        } else {
            s = value(f, rules);
        }
        if (isDeprecated(f)) {
            s = new LinkedHashMap<>(s);
            s.put("x-deprecated", true);
        }
        return s;
    }

    static boolean isDeprecated(FieldDescriptor f) {
        return f.getOptions().getDeprecated()
                || !f.getOptions().getExtension(Deprecation.deprecatedAtMinorVersion).isEmpty()
                || f.getOptions().getExtension(Deprecation.disallowedByDefault);
    }

    static boolean isDeprecated(EnumValueDescriptor v) {
        return v.getOptions().getDeprecated()
                || !v.getOptions().getExtension(Deprecation.deprecatedAtMinorVersionEnum).isEmpty()
                || v.getOptions().getExtension(Deprecation.disallowedByDefaultEnum);
    }

    private Map<String, Object> map(FieldDescriptor f, MapRules r) {
        FieldDescriptor key = f.getMessageType().findFieldByName("key");
        FieldDescriptor val = f.getMessageType().findFieldByName("value");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("x-map", kind(key));
        Map<String, Object> names = switch (key.getJavaType()) {
            case BOOLEAN -> obj("enum", List.of("true", "false"));
            case STRING -> r.hasKeys() && r.getKeys().hasString()
                    ? strings.stringRules(r.getKeys().getString(), new LinkedHashMap<>()) : null;
            default -> obj("pattern", Patterns.INTEGER_STRING);
        };
        if (names != null && !names.isEmpty()) {
            names.remove("x-type");
            names.remove("type");
            names.remove("x-bytes");
            if (!names.isEmpty()) {
                s.put("propertyNames", names);
            }
        }
        s.put("additionalProperties", value(val, r.hasValues() ? r.getValues() : FieldRules.getDefaultInstance()));
        if (r.hasMinPairs() && r.getMinPairs() > 0 && !r.getIgnoreEmpty()) {
            s.put("minProperties", r.getMinPairs());
        }
        if (r.hasMaxPairs()) {
            s.put("maxProperties", r.getMaxPairs());
        }
        return s;
    }

    /** The schema of one value of the field (an element, for lists and maps). */
    Map<String, Object> value(FieldDescriptor f, FieldRules rules) {
        switch (f.getType()) {
            case MESSAGE, GROUP -> {
                String name = f.getMessageType().getFullName();
                Map<String, Object> wkt = wellKnown(name, rules);
                return wkt != null ? wkt : obj("$ref", DEFS + name);
            }
            case ENUM -> {
                return enumField(f.getEnumType(), rules.hasEnum() ? rules.getEnum() : null);
            }
            case STRING -> {
                return strings.string(rules.hasString() ? rules.getString() : StringRules.getDefaultInstance());
            }
            case BYTES -> {
                return bytes();
            }
            case BOOL -> {
                Map<String, Object> s = scalar("bool", "boolean");
                if (rules.hasBool() && rules.getBool().hasConst()) {
                    s.put("const", rules.getBool().getConst());
                }
                return s;
            }
            case FLOAT, DOUBLE -> {
                return numbers.floating(f.getType() == FieldDescriptor.Type.FLOAT ? "float" : "double",
                        NumberSchemas.numericRules(rules));
            }
            default -> {
                return numbers.integer(kind(f), NumberSchemas.numericRules(rules));
            }
        }
    }

    /** The proto3 JSON form of the well-known types; null for ordinary messages. */
    Map<String, Object> wellKnown(String name, FieldRules rules) {
        Message numeric = NumberSchemas.numericRules(rules);
        return switch (name) {
            case "google.protobuf.Duration" -> duration(rules.hasDuration() ? rules.getDuration() : null);
            case "google.protobuf.Timestamp" -> {
                Map<String, Object> s = scalar("timestamp", "string");
                s.put("pattern", Patterns.TIMESTAMP);
                s.put("x-desc", "must be an RFC 3339 timestamp such as 2024-01-31T12:00:00Z");
                yield s;
            }
            case "google.protobuf.FieldMask" -> scalar("fieldmask", "string");
            case "google.protobuf.Struct" -> scalar("struct", "object");
            case "google.protobuf.ListValue" -> scalar("list", "array");
            case "google.protobuf.Value" -> obj("x-type", "value");
            case "google.protobuf.DoubleValue" -> numbers.floating("double", numeric);
            case "google.protobuf.FloatValue" -> numbers.floating("float", numeric);
            case "google.protobuf.Int64Value" -> numbers.integer("int64", numeric);
            case "google.protobuf.UInt64Value" -> numbers.integer("uint64", numeric);
            case "google.protobuf.Int32Value" -> numbers.integer("int32", numeric);
            case "google.protobuf.UInt32Value" -> numbers.integer("uint32", numeric);
            case "google.protobuf.BoolValue" -> scalar("bool", "boolean");
            case "google.protobuf.StringValue" ->
                    strings.string(rules.hasString() ? rules.getString() : StringRules.getDefaultInstance());
            case "google.protobuf.BytesValue" -> bytes();
            default -> null;
        };
    }

    static boolean isWellKnownJson(String name) {
        return new FieldSchemas(new Stats()).wellKnown(name, FieldRules.getDefaultInstance()) != null;
    }

    private static Map<String, Object> scalar(String xType, String jsonType) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("x-type", xType);
        s.put("type", jsonType);
        return s;
    }

    private static Map<String, Object> bytes() {
        Map<String, Object> s = scalar("bytes", "string");
        s.put("pattern", Patterns.BASE64);
        s.put("x-desc", "must be base64-encoded bytes");
        return s;
    }

    static String kind(FieldDescriptor f) {
        return switch (f.getType()) {
            case INT32, SINT32, SFIXED32 -> "int32";
            case UINT32, FIXED32 -> "uint32";
            case INT64, SINT64, SFIXED64 -> "int64";
            case UINT64, FIXED64 -> "uint64";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BOOL -> "bool";
            case STRING -> "string";
            case BYTES -> "bytes";
            case ENUM -> "enum";
            default -> "message";
        };
    }

    private Map<String, Object> duration(DurationRules r) {
        Map<String, Object> s = scalar("duration", "string");
        s.put("pattern", Patterns.DURATION);
        if (r != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            if (r.hasGt()) {
                d.put("gt", durationString(r.getGt()));
            }
            if (r.hasGte()) {
                d.put("gte", durationString(r.getGte()));
            }
            if (r.hasLt()) {
                d.put("lt", durationString(r.getLt()));
            }
            if (r.hasLte()) {
                d.put("lte", durationString(r.getLte()));
            }
            if (r.hasConst()) {
                d.put("const", durationString(r.getConst()));
            }
            if (r.getInCount() > 0) {
                d.put("in", r.getInList().stream().map(FieldSchemas::durationString).toList());
            }
            if (r.getNotInCount() > 0) {
                d.put("not_in", r.getNotInList().stream().map(FieldSchemas::durationString).toList());
            }
            if (!d.isEmpty()) {
                s.put("x-duration", d);
            }
        }
        return s;
    }

    static String durationString(Duration d) {
        BigDecimal v = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNanos(), 9));
        return v.stripTrailingZeros().toPlainString() + "s";
    }

    /**
     * An enum-typed value: a reference to the enum's definition (names case-insensitively, defined numbers) when
     * defined_only holds; otherwise any int32 is accepted too; in/not_in/const narrow the set inline.
     */
    Map<String, Object> enumField(EnumDescriptor e, EnumRules r) {
        String ref = DEFS + e.getFullName();
        boolean definedOnly = r != null && r.getDefinedOnly();
        boolean narrowed = r != null && (r.hasConst() || r.getInCount() > 0 || r.getNotInCount() > 0);
        if (!narrowed) {
            if (definedOnly) {
                return obj("$ref", ref);
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("x-enum", e.getFullName());
            s.put("anyOf", List.of(obj("$ref", ref), intRange(Integer.MIN_VALUE, Integer.MAX_VALUE)));
            return s;
        }
        Set<Integer> in = r.getInCount() > 0 ? Set.copyOf(r.getInList()) : null;
        Set<Integer> notIn = Set.copyOf(r.getNotInList());
        Map<String, Integer> allowed = new TreeMap<>();
        for (EnumValueDescriptor v : e.getValues()) {
            int n = v.getNumber();
            if ((in == null || in.contains(n)) && !notIn.contains(n) && (!r.hasConst() || r.getConst() == n)) {
                allowed.put(v.getName(), n);
            }
        }
        Map<String, Object> s = enumSchema(e.getFullName(), allowed);
        s.put("x-allowed", new ArrayList<>(allowed.keySet()));
        return s;
    }

    /** The closed schema of an enum: these names (any letter case) or their numbers. */
    static Map<String, Object> enumSchema(String fullName, Map<String, Integer> values) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("x-enum", fullName);
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("type", "string");
        names.put("pattern", Patterns.caseInsensitiveAlternatives(values.keySet()));
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("type", "integer");
        numbers.put("enum", new ArrayList<>(new java.util.TreeSet<>(values.values())));
        s.put("anyOf", List.of(names, numbers));
        return s;
    }

    private static Map<String, Object> intRange(long min, long max) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "integer");
        s.put("minimum", min);
        s.put("maximum", max);
        return s;
    }

    static Map<String, Object> obj(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }

}
