package io.proxyctl.schema.gen;

import io.envoyproxy.pgv.validate.Validate.KnownRegex;
import io.envoyproxy.pgv.validate.Validate.StringRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * String values with protoc-gen-validate's string rules: lengths in characters ({@code minLength}) and in UTF-8
 * bytes (the custom {@code x-bytes}), pattern, prefix/suffix/contains, in/not_in, const, and the well-known HTTP
 * header regexes (strict and loose). Each pattern carries an {@code x-desc} the validator quotes on a mismatch.
 */
final class StringSchemas {
    private final Stats stats;

    StringSchemas(Stats stats) {
        this.stats = stats;
    }

    /** String rules; ignore_empty makes them conditional on a non-empty value. */
    @SuppressWarnings("unchecked")
    Map<String, Object> string(StringRules r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("x-type", "string");
        s.put("type", "string");
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
            s.put("if", FieldSchemas.obj("minLength", 1));
            s.put("then", rules);
        } else {
            s.putAll(rules);
        }
        return s;
    }

    Map<String, Object> stringRules(StringRules r, Map<String, Object> s) {
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
            Map<String, Object> notIn = FieldSchemas.obj("not", FieldSchemas.obj("enum", new ArrayList<>(r.getNotInList())));
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

    static boolean compiles(String regex) {
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }
}
