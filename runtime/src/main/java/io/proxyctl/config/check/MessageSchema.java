package io.proxyctl.config.check;

/**
 * Field-level knowledge of Envoy API messages, used to walk a config knowing the message of every node. The
 * builtin catalog covers the messages proxyctl walks; the schema module's generated definitions, when present
 * on the class path, cover the whole API (see {@link MessageSchemas#standard()}).
 */
public interface MessageSchema {
    /** The field {@code field} (snake_case) of {@code message}, or null when the message or field is unknown. */
    FieldInfo field(String message, String field);

    /** True when this schema describes {@code message}. */
    boolean knows(String message);
}
