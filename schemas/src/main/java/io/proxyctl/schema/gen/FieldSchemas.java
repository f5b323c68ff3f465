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
import io.envoyproxy.pgv.validate.Validate.KnownRegex;
import io.envoyproxy.pgv.validate.Validate.MapRules;
import io.envoyproxy.pgv.validate.Validate.RepeatedRules;
import io.envoyproxy.pgv.validate.Validate.StringRules;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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

    private static final Map<String, long[]> INT_RANGES = Map.of(
            "int32", new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
            "uint32", new long[] {0, 0xFFFFFFFFL},
            "int64", new long[] {Long.MIN_VALUE, Long.MAX_VALUE},
            "uint64", new long[] {0, -1});

    private final Stats stats;

    FieldSchemas(Stats stats) {
        this.stats = stats;
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
                    ? stringRules(r.getKeys().getString(), new LinkedHashMap<>()) : null;
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
                return string(rules.hasString() ? rules.getString() : StringRules.getDefaultInstance());
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
                return floating(f.getType() == FieldDescriptor.Type.FLOAT ? "float" : "double", numericRules(rules));
            }
            default -> {
                return integer(kind(f), numericRules(rules));
            }
        }
    }

    /** The proto3 JSON form of the well-known types; null for ordinary messages. */
    Map<String, Object> wellKnown(String name, FieldRules rules) {
        Message numeric = numericRules(rules);
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
            case "google.protobuf.DoubleValue" -> floating("double", numeric);
            case "google.protobuf.FloatValue" -> floating("float", numeric);
            case "google.protobuf.Int64Value" -> integer("int64", numeric);
            case "google.protobuf.UInt64Value" -> integer("uint64", numeric);
            case "google.protobuf.Int32Value" -> integer("int32", numeric);
            case "google.protobuf.UInt32Value" -> integer("uint32", numeric);
            case "google.protobuf.BoolValue" -> scalar("bool", "boolean");
            case "google.protobuf.StringValue" ->
                    string(rules.hasString() ? rules.getString() : StringRules.getDefaultInstance());
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

    /** The numeric rule message (Int32Rules, DoubleRules, ...) whatever its kind, or null. */
    private static Message numericRules(FieldRules rules) {
        return switch (rules.getTypeCase()) {
            case FLOAT -> rules.getFloat();
            case DOUBLE -> rules.getDouble();
            case INT32 -> rules.getInt32();
            case INT64 -> rules.getInt64();
            case UINT32 -> rules.getUint32();
            case UINT64 -> rules.getUint64();
            case SINT32 -> rules.getSint32();
            case SINT64 -> rules.getSint64();
            case FIXED32 -> rules.getFixed32();
            case FIXED64 -> rules.getFixed64();
            case SFIXED32 -> rules.getSfixed32();
            case SFIXED64 -> rules.getSfixed64();
            default -> null;
        };
    }

    private static Object ruleValue(Message m, String field) {
        if (m == null) {
            return null;
        }
        FieldDescriptor fd = m.getDescriptorForType().findFieldByName(field);
        if (fd == null) {
            return null;
        }
        if (fd.isRepeated()) {
            List<?> l = (List<?>) m.getField(fd);
            return l.isEmpty() ? null : l;
        }
        return m.hasField(fd) ? m.getField(fd) : null;
    }

    private static Number unsigned(String kind, Object v) {
        if (v instanceof Integer i && kind.startsWith("uint")) {
            return Integer.toUnsignedLong(i);
        }
        if (v instanceof Long l && kind.equals("uint64")) {
            return new BigInteger(Long.toUnsignedString(l));
        }
        return (Number) v;
    }

    private Map<String, Object> integer(String kind, Message rules) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("x-type", kind);
        s.put("type", List.of("integer", "string"));
        s.put("pattern", Patterns.INTEGER_STRING);
        long[] range = INT_RANGES.get(kind);
        Object min = range[0];
        Object max = kind.equals("uint64") ? new BigInteger("18446744073709551615") : range[1];
        Map<String, Object> bounds = new LinkedHashMap<>();
        bounds.put("minimum", min);
        bounds.put("maximum", max);
        applyNumericRules(kind, rules, s, bounds);
        return s;
    }

    private Map<String, Object> floating(String kind, Message rules) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("x-type", kind);
        s.put("type", List.of("number", "string"));
        s.put("pattern", Patterns.FLOAT_STRING);
        applyNumericRules(kind, rules, s, new LinkedHashMap<>());
        return s;
    }

    /** gt/gte/lt/lte/const/in/not_in; bounds apply to numbers (the validator checks numeric strings itself). */
    private void applyNumericRules(String kind, Message rules, Map<String, Object> s, Map<String, Object> bounds) {
        Object gt = ruleValue(rules, "gt");
        Object gte = ruleValue(rules, "gte");
        Object lt = ruleValue(rules, "lt");
        Object lte = ruleValue(rules, "lte");
        if (gt != null) {
            bounds.remove("minimum");
            bounds.put("exclusiveMinimum", unsigned(kind, gt));
        }
        if (gte != null) {
            bounds.put("minimum", unsigned(kind, gte));
        }
        if (lt != null) {
            bounds.remove("maximum");
            bounds.put("exclusiveMaximum", unsigned(kind, lt));
        }
        if (lte != null) {
            bounds.put("maximum", unsigned(kind, lte));
        }
        if (lower(bounds) != null && upper(bounds) != null && lower(bounds).compareTo(upper(bounds)) > 0) {
            // protoc-gen-validate reads an inverted pair as "outside the range"; no Envoy field uses it
            throw new IllegalStateException("inverted numeric range is not supported: " + rules);
        }
        Map<String, Object> constraints = new LinkedHashMap<>(bounds);
        Object c = ruleValue(rules, "const");
        if (c != null) {
            constraints.put("const", unsigned(kind, c));
        }
        Object in = ruleValue(rules, "in");
        if (in != null) {
            constraints.put("enum", unsignedAll(kind, (List<?>) in));
        }
        Object notIn = ruleValue(rules, "not_in");
        if (notIn != null) {
            constraints.put("not", obj("enum", unsignedAll(kind, (List<?>) notIn)));
        }
        if (Boolean.TRUE.equals(ruleValue(rules, "ignore_empty")) && !constraints.isEmpty()) {
            s.put("if", obj("not", obj("const", 0)));
            s.put("then", constraints);
            stats.count("numeric ignore_empty");
        } else {
            s.putAll(constraints);
        }
    }

    private static BigDecimal lower(Map<String, Object> b) {
        Object v = b.containsKey("exclusiveMinimum") ? b.get("exclusiveMinimum") : b.get("minimum");
        return v == null ? null : new BigDecimal(v.toString());
    }

    private static BigDecimal upper(Map<String, Object> b) {
        Object v = b.containsKey("exclusiveMaximum") ? b.get("exclusiveMaximum") : b.get("maximum");
        return v == null ? null : new BigDecimal(v.toString());
    }

    private static List<Object> unsignedAll(String kind, List<?> values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            out.add(unsigned(kind, v));
        }
        return out;
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

    /** String rules; ignore_empty makes them conditional on a non-empty value. */
    @SuppressWarnings("unchecked")
    Map<String, Object> string(StringRules r) {
        Map<String, Object> s = scalar("string", "string");
        Map<String, Object> rules = stringRules(r, new LinkedHashMap<>());
        Object bytes = rules.remove("x-bytes");
        if (bytes != null) {
            // enforced by the validator, which reads it at the top of the field schema
            if (r.getIgnoreEmpty()) {
                ((Map<String, Object>) bytes).put("ignoreEmpty", true);
            }
            s.put("x-bytes", bytes);
        }
        if (r.getIgnoreEmpty() && !rules.isEmpty()) {
            s.put("if", obj("minLength", 1));
            s.put("then", rules);
        } else {
            s.putAll(rules);
        }
        return s;
    }

    private Map<String, Object> stringRules(StringRules r, Map<String, Object> s) {
        long min = -1;
        long max = -1;
        if (r.hasLen()) {
            min = r.getLen();
            max = r.getLen();
        }
        if (r.hasMinLen()) {
            min = r.getMinLen();
        }
        if (r.hasMaxLen()) {
            max = r.getMaxLen();
        }
        if (r.hasMinBytes() && r.getMinBytes() == 1 && min < 1) {
            min = 1; // one byte or more is simply "not empty"
        }
        if (min > 0) {
            s.put("minLength", min);
        }
        if (max >= 0) {
            s.put("maxLength", max);
        }
        Map<String, Object> bytes = new LinkedHashMap<>();
        if (r.hasLenBytes()) {
            bytes.put("min", r.getLenBytes());
            bytes.put("max", r.getLenBytes());
        }
        if (r.hasMinBytes() && r.getMinBytes() > 1) {
            bytes.put("min", r.getMinBytes());
        }
        if (r.hasMaxBytes()) {
            bytes.put("max", r.getMaxBytes());
        }
        if (!bytes.isEmpty()) {
            s.put("x-bytes", bytes);
        }
        List<Map<String, Object>> patterns = new ArrayList<>();
        if (r.hasPattern()) {
            String p = r.getPattern();
            if (compiles(p)) {
                patterns.add(pattern(p, "must match the regular expression \"" + p + "\""));
            } else {
                stats.count("uncompilable pattern skipped");
            }
        }
        if (r.hasPrefix()) {
            patterns.add(pattern("^" + Patterns.literal(r.getPrefix()), "must start with \"" + r.getPrefix() + "\""));
        }
        if (r.hasSuffix()) {
            patterns.add(pattern(Patterns.literal(r.getSuffix()) + "$", "must end with \"" + r.getSuffix() + "\""));
        }
        if (r.hasContains()) {
            patterns.add(pattern(Patterns.literal(r.getContains()), "must contain \"" + r.getContains() + "\""));
        }
        if (r.hasNotContains()) {
            s.put("not", pattern(Patterns.literal(r.getNotContains()),
                    "must not contain \"" + r.getNotContains() + "\""));
        }
        if (r.getWellKnownCase() == StringRules.WellKnownCase.WELL_KNOWN_REGEX) {
            boolean strict = !r.hasStrict() || r.getStrict();
            KnownRegex k = r.getWellKnownRegex();
            if (k == KnownRegex.HTTP_HEADER_NAME) {
                patterns.add(strict ? pattern(Patterns.HTTP_HEADER_NAME, "must be a valid HTTP header name")
                        : pattern(Patterns.HEADER_STRING, "must not contain NUL, CR or LF characters"));
            } else if (k == KnownRegex.HTTP_HEADER_VALUE) {
                patterns.add(strict ? pattern(Patterns.HTTP_HEADER_VALUE, "must be a valid HTTP header value")
                        : pattern(Patterns.HEADER_STRING, "must not contain NUL, CR or LF characters"));
            }
        } else if (r.getWellKnownCase() != StringRules.WellKnownCase.WELLKNOWN_NOT_SET) {
            stats.count("string format " + r.getWellKnownCase() + " not translated");
        }
        if (patterns.size() == 1) {
            s.putAll(patterns.get(0));
        } else if (patterns.size() > 1) {
            s.put("allOf", patterns);
        }
        if (r.hasConst()) {
            s.put("const", r.getConst());
        }
        if (r.getInCount() > 0) {
            s.put("enum", new ArrayList<>(r.getInList()));
        }
        if (r.getNotInCount() > 0) {
            Map<String, Object> notIn = obj("not", obj("enum", new ArrayList<>(r.getNotInList())));
            if (s.containsKey("not")) {
                List<Object> all = new ArrayList<>((List<?>) s.getOrDefault("allOf", List.of()));
                all.add(notIn);
                s.put("allOf", all);
            } else {
                s.putAll(notIn);
            }
        }
        return s;
    }

    private static Map<String, Object> pattern(String regex, String description) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("pattern", regex);
        p.put("x-desc", description);
        return p;
    }

    private static boolean compiles(String regex) {
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
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

    /**
     * True when protoc-gen-validate rejects the field's default value (empty string, zero, empty list, ...):
     * such a field must be present, for scalars are validated even when unset.
     */
    static boolean defaultViolates(FieldDescriptor f, FieldRules rules) {
        if (rules.hasMessage() && rules.getMessage().getRequired()) {
            return true;
        }
        if (rules.hasDuration() && rules.getDuration().getRequired()
                || rules.hasAny() && rules.getAny().getRequired()
                || rules.hasTimestamp() && rules.getTimestamp().getRequired()) {
            return true;
        }
        if (f.isMapField()) {
            return rules.hasMap() && rules.getMap().getMinPairs() > 0 && !rules.getMap().getIgnoreEmpty();
        }
        if (f.isRepeated()) {
            RepeatedRules r = rules.getRepeated();
            return rules.hasRepeated() && r.getMinItems() > 0 && !r.getIgnoreEmpty();
        }
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            return false; // wrappers and messages are validated only when present
        }
        if (rules.hasString()) {
            return stringDefaultViolates(rules.getString());
        }
        if (rules.hasBool()) {
            return rules.getBool().hasConst() && rules.getBool().getConst();
        }
        if (rules.hasEnum()) {
            EnumRules e = rules.getEnum();
            return e.hasConst() && e.getConst() != 0 || e.getInCount() > 0 && !e.getInList().contains(0)
                    || e.getNotInList().contains(0);
        }
        Message n = numericRules(rules);
        if (n == null || Boolean.TRUE.equals(ruleValue(n, "ignore_empty"))) {
            return false;
        }
        BigDecimal zero = BigDecimal.ZERO;
        Object gt = ruleValue(n, "gt");
        Object gte = ruleValue(n, "gte");
        Object lt = ruleValue(n, "lt");
        Object lte = ruleValue(n, "lte");
        Object c = ruleValue(n, "const");
        Object in = ruleValue(n, "in");
        Object notIn = ruleValue(n, "not_in");
        return gt != null && dec(gt).compareTo(zero) >= 0 || gte != null && dec(gte).compareTo(zero) > 0
                || lt != null && dec(lt).compareTo(zero) <= 0 || lte != null && dec(lte).compareTo(zero) < 0
                || c != null && dec(c).compareTo(zero) != 0
                || in != null && ((List<?>) in).stream().noneMatch(v -> dec(v).compareTo(zero) == 0)
                || notIn != null && ((List<?>) notIn).stream().anyMatch(v -> dec(v).compareTo(zero) == 0);
    }

    private static boolean stringDefaultViolates(StringRules r) {
        if (r.getIgnoreEmpty()) {
            return false;
        }
        boolean headerName = r.getWellKnownCase() == StringRules.WellKnownCase.WELL_KNOWN_REGEX
                && r.getWellKnownRegex() == KnownRegex.HTTP_HEADER_NAME && (!r.hasStrict() || r.getStrict());
        return r.hasMinLen() && r.getMinLen() > 0 || r.hasLen() && r.getLen() > 0
                || r.hasMinBytes() && r.getMinBytes() > 0 || r.hasLenBytes() && r.getLenBytes() > 0
                || r.hasPattern() && compiles(r.getPattern()) && !Pattern.compile(r.getPattern()).matcher("").find()
                || r.hasPrefix() && !r.getPrefix().isEmpty() || r.hasSuffix() && !r.getSuffix().isEmpty()
                || r.hasContains() && !r.getContains().isEmpty()
                || r.hasConst() && !r.getConst().isEmpty()
                || r.getInCount() > 0 && !r.getInList().contains("") || r.getNotInList().contains("")
                || headerName;
    }

    private static BigDecimal dec(Object v) {
        if (v instanceof Integer i) {
            return BigDecimal.valueOf(i);
        } else if (v instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        return new BigDecimal(v.toString());
    }

    static Map<String, Object> obj(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }

}
