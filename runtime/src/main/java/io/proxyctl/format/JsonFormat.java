package io.proxyctl.format;

import io.proxyctl.common.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compiled {@code json_format}: each string value is a format string; single numeric operators print as JSON
 * numbers, unavailable values as {@code null} (or are omitted with {@code omit_empty_values}). One line per entry.
 */
public final class JsonFormat {
    private record Field(String key, Object value) { // value: SubstitutionFormat, JsonFormat or a constant
    }

    private final Field[] fields;
    private final boolean omitEmpty;

    private JsonFormat(Field[] fields, boolean omitEmpty) {
        this.fields = fields;
        this.omitEmpty = omitEmpty;
    }

    public static JsonFormat compile(Map<String, Object> spec, boolean omitEmptyValues) {
        List<Field> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : spec.entrySet()) {
            out.add(new Field(e.getKey(), compileValue(e.getValue(), omitEmptyValues)));
        }
        return new JsonFormat(out.toArray(new Field[0]), omitEmptyValues);
    }

    @SuppressWarnings("unchecked")
    private static Object compileValue(Object v, boolean omit) {
        if (v instanceof String s) {
            return SubstitutionFormat.compile(s);
        }
        if (v instanceof Map<?, ?> m) {
            return compile((Map<String, Object>) m, omit);
        }
        return v; // numbers, booleans, null, lists are constants
    }

    /** Appends one JSON object followed by a newline. */
    public void format(FormatContext ctx, StringBuilder out) {
        appendObject(ctx, out);
        out.append('\n');
    }

    private void appendObject(FormatContext ctx, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Field f : fields) {
            Object v;
            if (f.value instanceof SubstitutionFormat sf) {
                v = sf.jsonValue(ctx);
            } else {
                v = f.value;
            }
            if (omitEmpty && (v == null || v instanceof CharSequence cs && cs.length() == 0)) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            Json.quote(out, f.key);
            out.append(':');
            if (v instanceof JsonFormat nested) {
                nested.appendObject(ctx, out);
            } else {
                Json.append(out, v);
            }
        }
        out.append('}');
    }
}
