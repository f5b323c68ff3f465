package io.proxyctl.config.diff;

import java.util.List;

/**
 * The outcome of comparing A with B.
 *
 * @param a        A's name
 * @param b        B's name
 * @param changes  differing resources, by kind then name
 * @param compared how many distinct resources were compared
 * @param notes    what was not compared and why (for example bootstrap settings against a config dump)
 */
public record DiffResult(String a, String b, List<ResourceChange> changes, int compared, List<String> notes) {
    public DiffResult {
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
    }

    /** True when A and B are semantically the same configuration. */
    public boolean identical() {
        return changes.isEmpty();
    }

    public List<ResourceChange> ofType(ResourceChange.Type type) {
        return changes.stream().filter(c -> c.type() == type).toList();
    }
}
