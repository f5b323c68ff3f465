package io.proxyctl.config.model;

import java.util.Objects;

/**
 * {@code DataSource}: where bytes come from. For {@link Kind#INLINE_BYTES} the value is base64 as in the config.
 */
public record DataSource(Kind kind, String value) {
    public DataSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    /** The {@code specifier} oneof. */
    public enum Kind { FILENAME, INLINE_STRING, INLINE_BYTES, ENVIRONMENT_VARIABLE }
}
