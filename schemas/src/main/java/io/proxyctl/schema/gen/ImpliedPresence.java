package io.proxyctl.schema.gen;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.envoyproxy.pgv.validate.Validate.EnumRules;
import io.envoyproxy.pgv.validate.Validate.FieldRules;
import io.envoyproxy.pgv.validate.Validate.KnownRegex;
import io.envoyproxy.pgv.validate.Validate.RepeatedRules;
import io.envoyproxy.pgv.validate.Validate.StringRules;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which fields must be present. Besides {@code required} messages, protoc-gen-validate checks a scalar, list or
 * map field even when it is unset, against its default value: {@code string name = 1 [min_len: 1]} fails when
 * absent, and so does {@code repeated domains [min_items: 1]}. Such fields become required in the schema.
 */
final class ImpliedPresence {
    private ImpliedPresence() {
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
        Message n = NumberSchemas.numericRules(rules);
        if (n == null || Boolean.TRUE.equals(NumberSchemas.ruleValue(n, "ignore_empty"))) {
            return false;
        }
        BigDecimal zero = BigDecimal.ZERO;
        Object gt = NumberSchemas.ruleValue(n, "gt");
        Object gte = NumberSchemas.ruleValue(n, "gte");
        Object lt = NumberSchemas.ruleValue(n, "lt");
        Object lte = NumberSchemas.ruleValue(n, "lte");
        Object c = NumberSchemas.ruleValue(n, "const");
        Object in = NumberSchemas.ruleValue(n, "in");
        Object notIn = NumberSchemas.ruleValue(n, "not_in");
        return gt != null && NumberSchemas.dec(gt).compareTo(zero) >= 0 || gte != null && NumberSchemas.dec(gte).compareTo(zero) > 0
                || lt != null && NumberSchemas.dec(lt).compareTo(zero) <= 0 || lte != null && NumberSchemas.dec(lte).compareTo(zero) < 0
                || c != null && NumberSchemas.dec(c).compareTo(zero) != 0
                || in != null && ((List<?>) in).stream().noneMatch(v -> NumberSchemas.dec(v).compareTo(zero) == 0)
                || notIn != null && ((List<?>) notIn).stream().anyMatch(v -> NumberSchemas.dec(v).compareTo(zero) == 0);
    }

    private static boolean stringDefaultViolates(StringRules r) {
        if (r.getIgnoreEmpty()) {
            return false;
        }
        boolean headerName = r.getWellKnownCase() == StringRules.WellKnownCase.WELL_KNOWN_REGEX
                && r.getWellKnownRegex() == KnownRegex.HTTP_HEADER_NAME && (!r.hasStrict() || r.getStrict());
        return r.hasMinLen() && r.getMinLen() > 0 || r.hasLen() && r.getLen() > 0
                || r.hasMinBytes() && r.getMinBytes() > 0 || r.hasLenBytes() && r.getLenBytes() > 0
                || r.hasPattern() && StringSchemas.compiles(r.getPattern()) && !Pattern.compile(r.getPattern()).matcher("").find()
                || r.hasPrefix() && !r.getPrefix().isEmpty() || r.hasSuffix() && !r.getSuffix().isEmpty()
                || r.hasContains() && !r.getContains().isEmpty()
                || r.hasConst() && !r.getConst().isEmpty()
                || r.getInCount() > 0 && !r.getInList().contains("") || r.getNotInList().contains("")
                || headerName;
    }
}
