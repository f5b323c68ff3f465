package io.proxyctl.schema.gen;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.envoyproxy.pgv.validate.Validate.FieldRules;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Integer and floating-point values: JSON numbers or numeric strings (proto3 JSON accepts both, and needs strings
 * for 64-bit values), bounded by the proto type and by protoc-gen-validate's gt/gte/lt/lte/const/in/not_in.
 * Bounds apply to numbers; the validator range-checks numeric strings itself.
 */
final class NumberSchemas {
    private final Stats stats;

    private static final Map<String, long[]> INT_RANGES = Map.of(
            "int32", new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
            "uint32", new long[] {0, 0xFFFFFFFFL},
            "int64", new long[] {Long.MIN_VALUE, Long.MAX_VALUE},
            "uint64", new long[] {0, -1});

    NumberSchemas(Stats stats) {
        this.stats = stats;
    }

    /** The numeric rule message (Int32Rules, DoubleRules, ...) whatever its kind, or null. */
    static Message numericRules(FieldRules rules) {
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

    static Object ruleValue(Message m, String field) {
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

    Map<String, Object> integer(String kind, Message rules) {
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

    Map<String, Object> floating(String kind, Message rules) {
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
            constraints.put("not", FieldSchemas.obj("enum", unsignedAll(kind, (List<?>) notIn)));
        }
        if (Boolean.TRUE.equals(ruleValue(rules, "ignore_empty")) && !constraints.isEmpty()) {
            s.put("if", FieldSchemas.obj("not", FieldSchemas.obj("const", 0)));
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

    static BigDecimal dec(Object v) {
        if (v instanceof Integer i) {
            return BigDecimal.valueOf(i);
        } else if (v instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        return new BigDecimal(v.toString());
    }
}
