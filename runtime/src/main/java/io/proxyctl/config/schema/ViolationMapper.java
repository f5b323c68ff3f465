package io.proxyctl.config.schema;

import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.everit.json.schema.ValidationException;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Turns everit's tree of violations into diagnostics. Everit says where (the pointer) and which clause failed
 * (the markers the generator put on clauses and scalar schemas); the message is written here from the generated
 * schema and the document, so none of everit's wording reaches the user.
 */
final class ViolationMapper {
    private final Locator locator;
    private final SchemaStore store;
    private final Reporter out;
    private final Object root;

    ViolationMapper(SchemaStore store, Locator locator, Reporter out, Object root) {
        this.store = store;
        this.locator = locator;
        this.out = out;
        this.root = root;
    }

    void map(ValidationException e) {
        String ptr = JsonPointer.normalize(e.getPointerToViolation() == null ? "" : e.getPointerToViolation());
        Map<String, Object> markers = e.getViolatedSchema() == null ? Map.of()
                : e.getViolatedSchema().getUnprocessedProperties();
        if (markers.containsKey("x-required")) {
            required(ptr, (String) markers.get("x-required"));
        } else if (markers.containsKey("x-oneof-required")) {
            oneofRequired(ptr, (String) markers.get("x-oneof-required"));
        } else if (markers.containsKey("x-type") || markers.containsKey("x-enum")) {
            scalar(ptr);
        } else if (!e.getCausingExceptions().isEmpty()) {
            for (ValidationException c : e.getCausingExceptions()) {
                map(c);
            }
        } else {
            leaf(e, ptr);
        }
    }

    private void leaf(ValidationException e, String ptr) {
        String keyword = String.valueOf(e.getKeyword());
        if (keyword.equals("additionalProperties")) {
            unknownField(ptr, extraneousKey(e.getErrorMessage()));
            return;
        }
        String location = e.getSchemaLocation();
        if (location != null && location.contains("/propertyNames")) {
            out.atKey(DiagnosticCode.SCHEMA_VIOLATION, ptr, "map key " + ScalarRules.quote(lastToken(ptr))
                    + " is not allowed" + Reporter.where(JsonPointer.parent(ptr)), null);
            return;
        }
        Locator.Location loc = locator.locate(ptr);
        if (loc.field() != null && locator.scalar(loc.field()) != null) {
            scalar(ptr);
            return;
        }
        Object value = JsonPointer.resolve(root, ptr);
        String subject = Reporter.subject(ptr);
        switch (keyword) {
            case "type" -> out.atValue(DiagnosticCode.WRONG_TYPE, ptr, subject + ": expected " + expected(loc)
                    + ", found " + ScalarRules.describe(value), null);
            case "minItems", "maxItems", "minProperties", "maxProperties" -> count(ptr, loc, value);
            case "uniqueItems" -> out.atValue(DiagnosticCode.SCHEMA_VIOLATION, ptr,
                    subject + " must not contain the same item twice", null);
            default -> out.atValue(DiagnosticCode.SCHEMA_VIOLATION, ptr, subject + " does not match the schema of "
                    + (loc.message() != null ? loc.message().optString("x-proto", "this field") : "this field"), null);
        }
    }

    private void scalar(String ptr) {
        Locator.Location loc = locator.locate(ptr);
        JSONObject s = loc.field() == null ? null : locator.scalar(loc.field());
        Object value = JsonPointer.resolve(root, ptr);
        if (s == null) {
            out.atValue(DiagnosticCode.SCHEMA_VIOLATION, ptr, Reporter.subject(ptr) + ": invalid value "
                    + ScalarRules.shown(value), null);
            return;
        }
        for (ScalarRules.Problem p : ScalarRules.explain(s, value, Reporter.subject(ptr), store)) {
            out.atValue(p.code(), ptr, p.message(), p.suggestion());
        }
    }

    private void unknownField(String ptr, String key) {
        JSONObject msg = locator.locate(ptr).message();
        String name = msg == null ? "this message" : msg.optString("x-proto", "this message");
        String child = JsonPointer.child(ptr, key);
        JSONObject v2 = msg == null ? null : msg.optJSONObject("x-v2-fields");
        if (v2 != null && v2.has(key)) {
            out.atKey(DiagnosticCode.V2_FIELD_IN_V3, child, "field '" + key + "' exists only in the v2 API, not in "
                    + name + Reporter.where(ptr), v2.getString(key));
            return;
        }
        List<String> candidates = new ArrayList<>();
        if (msg != null) {
            for (String k : Shapes.properties(msg).keySet()) {
                if (!k.equals("@type")) {
                    candidates.add(k);
                }
            }
        }
        String near = Suggestions.closest(key, candidates);
        String hint = near != null ? "did you mean '" + near + "'?"
                : key.equals("@type") ? "only a typed config (google.protobuf.Any) takes \"@type\"" : null;
        out.atKey(DiagnosticCode.UNKNOWN_FIELD, child, "unknown field '" + key + "' in " + name + Reporter.where(ptr),
                hint);
    }

    private void required(String ptr, String field) {
        if (misspelled(ptr, List.of(field))) {
            return;
        }
        out.atValue(DiagnosticCode.REQUIRED_FIELD_MISSING, ptr, "missing required field '" + field + "' in "
                + messageName(ptr) + Reporter.where(ptr), null);
    }

    private void oneofRequired(String ptr, String oneof) {
        List<String> members = members(ptr, oneof);
        if (misspelled(ptr, members)) {
            return;
        }
        out.atValue(DiagnosticCode.ONEOF_REQUIRED, ptr, "one of " + quoted(members) + " must be set in "
                + messageName(ptr) + Reporter.where(ptr) + " (oneof " + oneof + ")", null);
    }

    private void count(String ptr, Locator.Location loc, Object value) {
        JSONObject f = loc.field();
        int n = value instanceof List<?> l ? l.size() : value instanceof Map<?, ?> m ? m.size() : 0;
        String unit = value instanceof Map ? "entr" : "item";
        String subject = Reporter.subject(ptr);
        if (f == null) {
            out.atValue(DiagnosticCode.ITEMS_COUNT, ptr, subject + " has the wrong number of " + unit
                    + (unit.equals("entr") ? "ies" : "s") + " (" + n + ")", null);
            return;
        }
        long min = f.optLong("minItems", f.optLong("minProperties", 0));
        long max = f.optLong("maxItems", f.optLong("maxProperties", Long.MAX_VALUE));
        String msg = n < min ? subject + " must have at least " + plural(min, unit) + " (found " + n + ")"
                : subject + " must have at most " + plural(max, unit) + " (found " + n + ")";
        out.atValue(DiagnosticCode.ITEMS_COUNT, ptr, msg, null);
    }

    /**
     * True when the object at {@code ptr} has an unknown key whose "did you mean" is one of {@code wanted}: the
     * missing field is there, misspelled, and the unknown-field error already says so (Envoy, too, reports only
     * the unknown field).
     */
    private boolean misspelled(String ptr, List<String> wanted) {
        JSONObject msg = locator.locate(ptr).message();
        if (msg == null || !(JsonPointer.resolve(root, ptr) instanceof Map<?, ?> object)) {
            return false;
        }
        Set<String> known = Shapes.properties(msg).keySet();
        List<String> candidates = new ArrayList<>(known);
        candidates.remove("@type");
        for (Object key : object.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                String near = Suggestions.closest(String.valueOf(key), candidates);
                for (String w : wanted) {
                    if (w.equals(near) || Names.camel(w).equals(near)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? (unit.equals("entr") ? "y" : "") : unit.equals("entr") ? "ies" : "s");
    }

    private String expected(Locator.Location loc) {
        JSONObject f = loc.field();
        if (f == null) {
            return "a valid value";
        } else if (Shapes.items(f) != null) {
            return "list";
        } else if (Shapes.mapValues(f) != null) {
            return "object (a map)";
        }
        JSONObject msg = loc.message();
        return msg != null ? "object (" + msg.optString("x-proto") + ")" : "object";
    }

    private String messageName(String ptr) {
        JSONObject msg = locator.locate(ptr).message();
        return msg == null ? "this message" : msg.optString("x-proto", "this message");
    }

    private List<String> members(String ptr, String oneof) {
        List<String> out = new ArrayList<>();
        JSONObject msg = locator.locate(ptr).message();
        JSONObject oneofs = msg == null ? null : msg.optJSONObject("x-oneofs");
        JSONObject info = oneofs == null ? null : oneofs.optJSONObject(oneof);
        JSONArray members = info == null ? null : info.optJSONArray("members");
        if (members != null) {
            for (int i = 0; i < members.length(); i++) {
                out.add(members.getString(i));
            }
        }
        return out;
    }

    private static String quoted(List<String> names) {
        List<String> q = new ArrayList<>();
        for (String n : names) {
            q.add("'" + n + "'");
        }
        return String.join(", ", q);
    }

    /** everit words this one "extraneous key [name] is not permitted"; the name is all we take from it. */
    private static String extraneousKey(String message) {
        int open = message.indexOf('[');
        int close = message.lastIndexOf(']');
        return open >= 0 && close > open ? message.substring(open + 1, close) : message;
    }

    private static String lastToken(String ptr) {
        List<String> t = JsonPointer.tokens(ptr);
        return t.isEmpty() ? "" : t.get(t.size() - 1);
    }
}
