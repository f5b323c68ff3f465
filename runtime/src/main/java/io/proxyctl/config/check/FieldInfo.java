package io.proxyctl.config.check;

/**
 * What the API says about one field of a message.
 *
 * @param name       the proto (snake_case) field name
 * @param kind       singular, repeated or map
 * @param type       the full name of the field's message or enum type, or the scalar type name
 *                   ({@code string}, {@code uint32}, {@code google.protobuf.Duration}, ...)
 * @param deprecated true when the field is marked deprecated in the API
 */
public record FieldInfo(String name, Kind kind, String type, boolean deprecated) {
    /** The shape of a field's value. */
    public enum Kind {
        SINGULAR, REPEATED, MAP
    }

    /** True when the value holds a google.protobuf.Any (typed_config and the like). */
    public boolean isAny() {
        return "google.protobuf.Any".equals(type);
    }
}
