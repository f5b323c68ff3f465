package io.proxyctl.config.upgrade;

import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.load.Position;
import io.proxyctl.config.load.SourceMap;
import java.util.ArrayList;
import java.util.List;

/**
 * State shared by the upgrade rules during one walk: the original positions, whether deprecated-but-accepted
 * fields are modernised too, and the changes recorded so far. Also the small editing operations every rule
 * uses, each of which records its change.
 */
final class UpgradeContext {
    static final String V2_REMOVED = "the v2 API was removed in Envoy 1.18; v3 has no such field";

    final SourceMap original;
    final boolean modernize;
    final List<Change> changes = new ArrayList<>();
    final List<Change> unconverted = new ArrayList<>();
    boolean v3TypeUrls;

    UpgradeContext(SourceMap original, boolean modernize) {
        this.original = original;
        this.modernize = modernize;
    }

    Position position(String origin, boolean atKey) {
        return atKey ? original.key(origin) : original.value(origin);
    }

    void changed(Change.Kind kind, Tracked node, boolean atKey, String what, String why, String v3Pointer) {
        changes.add(new Change(node.origin, position(node.origin, atKey), what, why, v3Pointer, kind));
    }

    void notConverted(Change.Kind kind, Tracked node, boolean atKey, String what, String why) {
        unconverted.add(new Change(node.origin, position(node.origin, atKey), what, why, null, kind));
    }

    /**
     * Renames field {@code oldName} of {@code map} (at pointer {@code at}) to {@code newName}, keeping its place
     * and value. Does nothing when the field is absent; refuses (and records why) when both are set.
     *
     * @return the moved node, or null
     */
    Tracked rename(Tracked map, String at, String oldName, String newName, Change.Kind kind, String why) {
        String oldKey = map.keyOf(oldName);
        if (oldKey == null) {
            return null;
        }
        Tracked node = map.map().get(oldKey);
        if (map.keyOf(newName) != null) {
            notConverted(kind, node, true, oldName + " and " + newName + " are both set; remove " + oldName, why);
            return null;
        }
        map.replaceEntry(oldKey, newName, node);
        changed(kind, node, true, oldName + " -> " + newName, why, JsonPointer.child(at, newName));
        return node;
    }

    /** Replaces field {@code oldName} by {@code newName} holding {@code value} (derived from the old node). */
    Tracked replace(Tracked map, String at, String oldName, String newName, Tracked value, Change.Kind kind,
                    String what, String why) {
        String oldKey = map.keyOf(oldName);
        if (oldKey == null) {
            return null;
        }
        Tracked node = map.map().get(oldKey);
        if (!oldName.equals(newName) && map.keyOf(newName) != null) {
            notConverted(kind, node, true, oldName + " and " + newName + " are both set; remove " + oldName, why);
            return null;
        }
        map.replaceEntry(oldKey, newName, value);
        changed(kind, node, true, what, why, JsonPointer.child(at, newName));
        return value;
    }

    /** Removes field {@code name}, recording why. */
    Tracked drop(Tracked map, String name, Change.Kind kind, String what, String why) {
        Tracked node = map.remove(name);
        if (node != null) {
            changed(kind, node, true, what, why, null);
        }
        return node;
    }

    /** Pointer of child {@code key} of the mapping at {@code at}, in the spelling present. */
    static String at(String at, Tracked map, String snakeName) {
        String k = map.keyOf(snakeName);
        return JsonPointer.child(at, k == null ? snakeName : k);
    }

    /** A rule applied to one node at its pointer in the upgraded tree. */
    interface Rule {
        void apply(Tracked node, String at);
    }

    /** Applies {@code rule} to each item of repeated field {@code field} of {@code map}. */
    static void each(Tracked map, String at, String field, Rule rule) {
        Tracked f = map.get(field);
        if (f == null) {
            return;
        }
        String fieldAt = at(at, map, field);
        List<Tracked> items = map.items(field);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).map() != null) {
                rule.apply(items.get(i), Tracked.itemPointer(fieldAt, f, i));
            }
        }
    }

    /** Applies {@code rule} to the mapping in field {@code field} of {@code map}, if there is one. */
    static void one(Tracked map, String at, String field, Rule rule) {
        Tracked f = map.get(field);
        if (f != null && f.map() != null) {
            rule.apply(f, at(at, map, field));
        }
    }
}
