package io.proxyctl.cli.render;

import io.proxyctl.config.diff.DiffResult;
import io.proxyctl.config.diff.FieldChange;
import io.proxyctl.config.diff.Location;
import io.proxyctl.config.diff.ResourceChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link DiffResult} ({@code proxyctl diff -o json}): the same content as the text form, as
 * one document with stable key order.
 */
public final class DiffJsonRenderer {
    private DiffJsonRenderer() {
    }

    public static Map<String, Object> toJson(DiffResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", r.a());
        m.put("b", r.b());
        m.put("identical", r.identical());
        m.put("compared", r.compared());
        Map<String, Object> counts = new LinkedHashMap<>();
        for (ResourceChange.Type t : ResourceChange.Type.values()) {
            counts.put(t.label(), r.ofType(t).size());
        }
        m.put("summary", counts);
        m.put("added", resources(r.ofType(ResourceChange.Type.ADDED)));
        m.put("removed", resources(r.ofType(ResourceChange.Type.REMOVED)));
        m.put("modified", resources(r.ofType(ResourceChange.Type.MODIFIED)));
        m.put("notes", r.notes());
        return m;
    }

    private static List<Object> resources(List<ResourceChange> changes) {
        List<Object> out = new ArrayList<>();
        for (ResourceChange c : changes) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("kind", c.kind().label());
            j.put("name", c.name());
            if (c.a() != null) {
                j.put("a", location(c.a()));
            }
            if (c.b() != null) {
                j.put("b", location(c.b()));
            }
            if (c.type() == ResourceChange.Type.MODIFIED) {
                List<Object> fields = new ArrayList<>();
                for (FieldChange f : c.fields()) {
                    fields.add(field(f));
                }
                j.put("changes", fields);
            } else {
                j.put("value", c.value());
            }
            out.add(j);
        }
        return out;
    }

    private static Map<String, Object> field(FieldChange f) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("path", f.path());
        j.put("change", f.type().label());
        j.put("old", f.oldValue());
        j.put("new", f.newValue());
        if (f.defaultValue() != null) {
            j.put("default", f.defaultValue());
        }
        j.put("a", location(f.a()));
        j.put("b", location(f.b()));
        return j;
    }

    private static Map<String, Object> location(Location l) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("file", l.file());
        j.put("line", l.line() > 0 ? l.line() : null);
        return j;
    }
}
