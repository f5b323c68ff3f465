package io.proxyctl.config.diff;

import java.util.List;

/**
 * A resource that differs between A and B.
 *
 * @param kind   the resource kind
 * @param name   the resource key (its name)
 * @param type   added in B, removed from A, or present in both and modified
 * @param a      where it is in A (null when added)
 * @param b      where it is in B (null when removed)
 * @param value  the normalised body of an added or removed resource; null when modified
 * @param fields the field-level changes of a modified resource, in path order; empty otherwise
 */
public record ResourceChange(ResourceKind kind, String name, Type type, Location a, Location b, Object value,
                             List<FieldChange> fields) {
    public ResourceChange {
        fields = List.copyOf(fields);
    }

    /** The kind of resource difference. */
    public enum Type {
        ADDED("added"), REMOVED("removed"), MODIFIED("modified");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
