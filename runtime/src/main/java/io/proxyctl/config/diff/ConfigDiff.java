package io.proxyctl.config.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares two configurations resource by resource.
 *
 * <pre>
 * DiffResult r = ConfigDiff.compare(ResourceSet.fromBootstrap(a), ResourceSet.fromConfigDump(dump, true));
 * r.identical();
 * </pre>
 *
 * <p>Resources are matched by kind and name, so their order in the file does not matter; inside a resource the
 * comparison follows Envoy's semantics (see {@link TreeDiffer}). Bootstrap settings are compared only when both
 * sides are bootstrap files, because a config dump does not carry them in the same form.
 */
public final class ConfigDiff {
    private ConfigDiff() {
    }

    public static DiffResult compare(ResourceSet a, ResourceSet b) {
        List<ResourceChange> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int compared = 0;
        boolean bootstrap = !a.isConfigDump() && !b.isConfigDump();
        if (!bootstrap) {
            notes.add("bootstrap settings (admin, node, stats, ...) not compared: "
                    + (a.isConfigDump() ? a.name() : b.name()) + " is a config dump");
        }
        for (ResourceKind kind : ResourceKind.values()) {
            if (kind == ResourceKind.BOOTSTRAP && !bootstrap) {
                continue;
            }
            Map<String, Resource> ra = a.resources(kind);
            Map<String, Resource> rb = b.resources(kind);
            TreeSet<String> names = new TreeSet<>(ra.keySet());
            names.addAll(rb.keySet());
            compared += names.size();
            for (String name : names) {
                Resource x = ra.get(name);
                Resource y = rb.get(name);
                if (x == null) {
                    changes.add(new ResourceChange(kind, name, ResourceChange.Type.ADDED, null, b.locate(y.origin()),
                            y.value(), List.of()));
                } else if (y == null) {
                    changes.add(new ResourceChange(kind, name, ResourceChange.Type.REMOVED, a.locate(x.origin()), null,
                            x.value(), List.of()));
                } else if (!x.value().equals(y.value())) {
                    List<FieldChange> fields = TreeDiffer.diff(a, b, x.body(), y.body());
                    changes.add(new ResourceChange(kind, name, ResourceChange.Type.MODIFIED, a.locate(x.origin()),
                            b.locate(y.origin()), null, fields));
                }
            }
        }
        return new DiffResult(a.name(), b.name(), changes, compared, notes);
    }
}
