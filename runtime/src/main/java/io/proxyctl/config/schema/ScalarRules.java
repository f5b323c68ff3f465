package io.proxyctl.config.schema;

import io.proxyctl.config.validate.DiagnosticCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Explains why a scalar or enum value fails its field schema, reading the schema the generator wrote rather than
 * everit's messages (which must not reach the user), and enforces what JSON Schema cannot: Duration bounds
 * ({@code x-duration}), UTF-8 byte lengths ({@code x-bytes}) and the range of integers written as strings.
 */
final class ScalarRules {
    private static final Pattern INTEGER = Pattern.compile("^-?[0-9]+$");
    private static final Pattern FLOAT =
            Pattern.compile("^(-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?|-?\\.[0-9]+([eE][-+]?[0-9]+)?)$");
    private static final Pattern FLOAT_SPECIAL = Pattern.compile("^(NaN|-?Infinity)$");

    /** One finding: its code, a one-line message and an optional suggestion. */
    record Problem(DiagnosticCode code, String message, String suggestion) {
    }

    private ScalarRules() {
    }

    /** Why {@code v} fails {@code s} (a scalar or enum schema); {@code subject} is the field path. */
    static List<Problem> explain(JSONObject s, Object v, String subject, SchemaStore store) {
        List<Problem> out = new ArrayList<>();
        if (s.has("x-enum")) {
            out.add(enumProblem(s, v, subject, store));
            return out;
        }
        String type = s.optString("x-type");
        if (!kindMatches(type, v)) {
            out.add(type.equals("duration") ? durationProblem(v, subject)
                    : new Problem(DiagnosticCode.WRONG_TYPE,
                    subject + ": expected " + expected(type) + ", found " + describe(v), null));
            return out;
        }
        if (type.equals("duration") && !Durations.FORMAT.matcher((String) v).matches()) {
            out.add(durationProblem(v, subject));
            return out;
        }
        for (JSONObject c : constraints(s, v)) {
            check(c, v, subject, out);
        }
        if (out.isEmpty()) {
            out.add(new Problem(DiagnosticCode.SCHEMA_VIOLATION,
                    subject + ": " + shown(v) + " is not a valid " + expected(type), null));
        }
        return out;
    }

    /**
     * The checks everit cannot make; run by the document walker on every string scalar it passes, so the path
     * (from {@code pointer}) is only computed for a value that fails.
     */
    static List<Problem> custom(JSONObject s, Object v, String pointer) {
        if (!(v instanceof String str)) {
            return List.of();
        }
        List<Problem> out = new ArrayList<>(0);
        Supplier<String> subject = () -> Reporter.subject(pointer);
        String type = s.optString("x-type");
        boolean integer = type.endsWith("int32") || type.endsWith("int64");
        boolean floating = type.equals("float") || type.equals("double");
        if (integer && INTEGER.matcher(str).matches() || floating && FLOAT.matcher(str).matches()) {
            range(s, new BigDecimal(str), str, subject, out);
        }
        if (type.equals("duration") && Durations.negative(str)) {
            out.add(new Problem(DiagnosticCode.OUT_OF_RANGE, subject.get() + " " + str + " is negative; Envoy rejects"
                    + " negative durations when it loads the configuration (\"Expected positive duration\")", null));
            return out;
        }
        JSONObject d = s.optJSONObject("x-duration");
        if (d != null && Durations.FORMAT.matcher(str).matches()) {
            Durations.range(d, str, subject, out);
        }
        JSONObject b = s.optJSONObject("x-bytes");
        if (b != null && !(str.isEmpty() && b.optBoolean("ignoreEmpty"))) {
            int n = str.getBytes(StandardCharsets.UTF_8).length;
            if (b.has("min") && n < b.getLong("min")) {
                out.add(new Problem(DiagnosticCode.STRING_LENGTH, subject.get() + " must be at least "
                        + b.getLong("min") + " bytes long (found " + n + ")", null));
            }
            if (b.has("max") && n > b.getLong("max")) {
                out.add(new Problem(DiagnosticCode.STRING_LENGTH, subject.get() + " must be at most " + b.getLong("max")
                        + " bytes long (found " + n + ")", null));
            }
        }
        return out;
    }

    private static List<JSONObject> constraints(JSONObject s, Object v) {
        List<JSONObject> out = new ArrayList<>();
        out.add(s);
        JSONArray all = s.optJSONArray("allOf");
        if (all != null) {
            for (int i = 0; i < all.length(); i++) {
                out.add(all.getJSONObject(i));
            }
        }
        JSONObject then = s.optJSONObject("then");
        if (then != null && !isEmpty(v)) {
            out.add(then); // the only conditions written are protoc-gen-validate's ignore_empty
        }
        return out;
    }

    private static boolean isEmpty(Object v) {
        return v instanceof String str ? str.isEmpty() : v instanceof Number n && n.doubleValue() == 0;
    }

    private static void check(JSONObject c, Object v, String subject, List<Problem> out) {
        if (v instanceof String str) {
            int len = str.codePointCount(0, str.length());
            if (c.has("minLength") && len < c.getLong("minLength")) {
                long min = c.getLong("minLength");
                out.add(new Problem(DiagnosticCode.STRING_LENGTH, subject + " must be at least " + min
                        + (min == 1 ? " character" : " characters") + " long (found " + len + ")", null));
            }
            if (c.has("maxLength") && len > c.getLong("maxLength")) {
                out.add(new Problem(DiagnosticCode.STRING_LENGTH, subject + " must be at most "
                        + c.getLong("maxLength") + " characters long (found " + len + ")", null));
            }
            if (c.has("pattern") && !EcmaPatterns.compile(c.getString("pattern")).matcher(str).find()) {
                out.add(new Problem(DiagnosticCode.PATTERN_MISMATCH, subject + " " + quote(str) + " "
                        + c.optString("x-desc", "does not match the pattern " + c.getString("pattern")), null));
            }
            JSONObject not = c.optJSONObject("not");
            if (not != null && not.has("pattern")
                    && EcmaPatterns.compile(not.getString("pattern")).matcher(str).find()) {
                out.add(new Problem(DiagnosticCode.PATTERN_MISMATCH, subject + " " + quote(str) + " "
                        + not.optString("x-desc", "matches a forbidden pattern"), null));
            }
        }
        if (v instanceof Number n && !(v instanceof Double d && (d.isNaN() || d.isInfinite()))) {
            range(c, new BigDecimal(n.toString()), n.toString(), () -> subject, out);
        }
        if (c.has("const") && !sameValue(c.get("const"), v)) {
            out.add(new Problem(DiagnosticCode.SCHEMA_VIOLATION, subject + " must be " + c.get("const")
                    + " (found " + shown(v) + ")", null));
        }
        JSONArray in = c.optJSONArray("enum");
        if (in != null && !contains(in, v)) {
            out.add(new Problem(DiagnosticCode.SCHEMA_VIOLATION, subject + " " + shown(v)
                    + " is not one of the allowed values: " + join(in), null));
        }
        JSONObject not = c.optJSONObject("not");
        if (not != null && not.optJSONArray("enum") != null && contains(not.getJSONArray("enum"), v)) {
            out.add(new Problem(DiagnosticCode.SCHEMA_VIOLATION, subject + " must not be " + shown(v), null));
        }
    }

    private static void range(JSONObject c, BigDecimal n, String shown, Supplier<String> subject, List<Problem> out) {
        String bound = null;
        if (c.has("minimum") && n.compareTo(c.getBigDecimal("minimum")) < 0) {
            bound = ">= " + plain(c.getBigDecimal("minimum"));
        } else if (c.has("exclusiveMinimum") && n.compareTo(c.getBigDecimal("exclusiveMinimum")) <= 0) {
            bound = "> " + plain(c.getBigDecimal("exclusiveMinimum"));
        } else if (c.has("maximum") && n.compareTo(c.getBigDecimal("maximum")) > 0) {
            bound = "<= " + plain(c.getBigDecimal("maximum"));
        } else if (c.has("exclusiveMaximum") && n.compareTo(c.getBigDecimal("exclusiveMaximum")) >= 0) {
            bound = "< " + plain(c.getBigDecimal("exclusiveMaximum"));
        }
        if (bound != null) {
            out.add(new Problem(DiagnosticCode.OUT_OF_RANGE,
                    subject.get() + " " + shown + " is out of range (must be " + bound + ")", null));
        }
    }





    private static Problem durationProblem(Object v, String subject) {
        String fix = Durations.fix(v);
        return new Problem(DiagnosticCode.INVALID_DURATION, subject + ": invalid duration " + shown(v)
                + ", expected seconds with an 's' suffix such as \"5s\" or \"0.25s\"",
                fix != null ? "write " + quote(fix)
                        : "write the duration in seconds, for example \"30s\" or \"0.25s\"");
    }



    private static Problem enumProblem(JSONObject s, Object v, String subject, SchemaStore store) {
        String enumName = s.getString("x-enum");
        List<String> names = enumNames(s, store);
        if (!(v instanceof String) && !(v instanceof Long) && !(v instanceof Integer) && !(v instanceof BigInteger)) {
            return new Problem(DiagnosticCode.WRONG_TYPE, subject + ": expected a name of " + enumName
                    + ", found " + describe(v), null);
        }
        String near = v instanceof String str ? Suggestions.closest(str, names) : null;
        return new Problem(DiagnosticCode.INVALID_ENUM, subject + ": invalid value " + shown(v) + " for "
                + enumName + " (allowed: " + String.join(", ", names) + ")",
                near != null ? "did you mean '" + near + "'?" : null);
    }

    static List<String> enumNames(JSONObject s, SchemaStore store) {
        List<String> names = new ArrayList<>();
        JSONArray allowed = s.optJSONArray("x-allowed");
        if (allowed != null) {
            for (int i = 0; i < allowed.length(); i++) {
                names.add(allowed.getString(i));
            }
            return names;
        }
        JSONObject values = s.optJSONObject("x-values");
        if (values == null) {
            JSONObject def = store.def(s.getString("x-enum"));
            values = def != null ? def.optJSONObject("x-values") : null;
        }
        if (values != null) {
            // JSONObject does not keep the proto order; sort by number, then name
            List<String> keys = new ArrayList<>(values.keySet());
            JSONObject vals = values;
            keys.sort((a, b) -> vals.getInt(a) != vals.getInt(b) ? Integer.compare(vals.getInt(a), vals.getInt(b))
                    : a.compareTo(b));
            names.addAll(keys);
        }
        return names;
    }

    static boolean kindMatches(String type, Object v) {
        return switch (type) {
            case "string", "bytes", "timestamp", "fieldmask", "duration" -> v instanceof String;
            case "bool" -> v instanceof Boolean;
            case "int32", "uint32", "int64", "uint64" -> v instanceof Long || v instanceof Integer
                    || v instanceof BigInteger || v instanceof String s && INTEGER.matcher(s).matches();
            case "float", "double" -> v instanceof Number || v instanceof String s
                    && (FLOAT.matcher(s).matches() || FLOAT_SPECIAL.matcher(s).matches());
            case "struct" -> v instanceof java.util.Map;
            case "list" -> v instanceof List;
            default -> true;
        };
    }

    static String expected(String type) {
        return switch (type) {
            case "int32", "uint32", "int64", "uint64" -> "integer";
            case "float", "double" -> "number";
            case "bool" -> "boolean";
            case "bytes" -> "string (base64)";
            case "timestamp" -> "RFC 3339 timestamp string";
            case "struct" -> "object";
            case "list" -> "list";
            case "duration" -> "duration string";
            default -> "string";
        };
    }

    /** A value as the user sees it in YAML: strings quoted, numbers and booleans plain, containers by kind. */
    static String describe(Object v) {
        if (v == null || v == JSONObject.NULL) {
            return "null";
        } else if (v instanceof String s) {
            return "string " + quote(s);
        } else if (v instanceof java.util.Map || v instanceof JSONObject) {
            return "object";
        } else if (v instanceof List || v instanceof JSONArray) {
            return "list";
        } else if (v instanceof Boolean b) {
            return "boolean " + b;
        }
        return "number " + v;
    }

    /** A scalar as written: strings quoted, other values plain. */
    static String shown(Object v) {
        return v instanceof String s ? quote(s) : v instanceof java.util.Map || v instanceof List ? describe(v)
                : String.valueOf(v);
    }

    static String quote(String s) {
        String shown = s.length() > 200 ? s.substring(0, 197) + "..." : s;
        StringBuilder sb = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    static String plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }

    private static boolean sameValue(Object schemaValue, Object v) {
        if (schemaValue instanceof Number a && v instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return schemaValue.equals(v);
    }

    private static boolean contains(JSONArray values, Object v) {
        for (int i = 0; i < values.length(); i++) {
            if (sameValue(values.get(i), v)) {
                return true;
            }
        }
        return false;
    }

    private static String join(JSONArray values) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.length(); i++) {
            Object o = values.get(i);
            out.add(o instanceof String s ? quote(s) : String.valueOf(o));
        }
        return String.join(", ", out);
    }
}
