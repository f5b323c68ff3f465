package io.proxyctl.config.upgrade;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.JsonPointer;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link V2Upgrader#upgrade}: the v3 document and every edit that produced it.
 *
 * @param source      the upgraded document: same name and text as the input, a new tree, and a source map whose
 *                    v3 pointers give the positions of the original nodes they came from
 * @param changes     every edit, in file order
 * @param unconverted v2 constructs the upgrade could not convert (left in place; schema validation reports them)
 * @param origins     v3 pointer -> original pointer, for every node of the upgraded tree
 */
public record UpgradeResult(ConfigSource source, List<Change> changes, List<Change> unconverted,
                            Map<String, String> origins) {
    public UpgradeResult {
        changes = List.copyOf(changes);
        unconverted = List.copyOf(unconverted);
        origins = Map.copyOf(origins);
    }

    /** True when the upgrade changed nothing (the input was already clean v3). */
    public boolean unchanged() {
        return changes.isEmpty();
    }

    /**
     * The pointer in the original document of the node now at {@code v3Pointer} (or of its nearest ancestor);
     * lets a caller report a diagnostic on the upgraded tree with the user's own field path.
     */
    public String originalPointer(String v3Pointer) {
        String p = JsonPointer.normalize(v3Pointer);
        while (true) {
            String o = origins.get(p);
            if (o != null || p.isEmpty()) {
                return o == null ? "" : o;
            }
            p = JsonPointer.parent(p);
        }
    }
}
