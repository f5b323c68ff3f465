package io.proxyctl.config.upgrade;

import io.proxyctl.config.load.Position;
import java.util.Objects;

/**
 * One edit the v2 -> v3 upgrade made (or could not make), in terms of the user's original file.
 *
 * @param pointer   JSON pointer of the changed node in the original document
 * @param position  where that node is in the original file (the key for renamed or removed fields)
 * @param what      what changed, e.g. {@code host_rewrite -> host_rewrite_literal}
 * @param why       the rule behind it (which Envoy version or API change requires it)
 * @param v3Pointer where the result lives in the upgraded document (null for a removal or a change not made)
 * @param kind      the kind of change; {@link Kind#isV2Signal()} tells whether it marks the file as v2
 */
public record Change(String pointer, Position position, String what, String why, String v3Pointer, Kind kind) {
    public Change {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(kind, "kind");
    }

    /** What a change is about. */
    public enum Kind {
        /** A v2 "@type" replaced by its v3 message. */
        V2_TYPE_URL(true),
        /** A field or value that exists only in the v2 API, rewritten to its v3 form. */
        V2_FIELD(true),
        /** A deprecated extension name replaced by its canonical name (rejected by Envoy since about 1.20). */
        EXTENSION_NAME(false),
        /** A typed_config added to an extension that had none (Envoy since 1.22 selects extensions by type). */
        TYPED_CONFIG_ADDED(false),
        /** A field deprecated in v3 but still accepted, moved to its replacement (only when upgrading v2 files). */
        DEPRECATED(false);

        private final boolean v2Signal;

        Kind(boolean v2Signal) {
            this.v2Signal = v2Signal;
        }

        /** True when finding this change means the input uses the v2 API. */
        public boolean isV2Signal() {
            return v2Signal;
        }
    }
}
