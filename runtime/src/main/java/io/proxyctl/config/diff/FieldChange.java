package io.proxyctl.config.diff;

/**
 * One field-level difference inside a resource.
 *
 * @param path         the field path inside the resource, with list elements by identity
 *                     ({@code virtual_hosts[backend].routes[prefix=/api].route.cluster})
 * @param type         what happened to the field
 * @param oldValue     the normalised value in A (null when added); for REORDERED the identities in A's order
 * @param newValue     the normalised value in B (null when removed); for REORDERED the identities in B's order
 * @param defaultValue Envoy's default for a field set on one side only, when known (else null)
 * @param a            where the field (or its nearest existing parent) is in A
 * @param b            where the field (or its nearest existing parent) is in B
 */
public record FieldChange(String path, Type type, Object oldValue, Object newValue, Object defaultValue,
                          Location a, Location b) {
    /** The kind of field difference. */
    public enum Type {
        ADDED("added"), REMOVED("removed"), CHANGED("changed"), REORDERED("reordered");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
