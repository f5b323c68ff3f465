package io.proxyctl.config.check;

/**
 * The message schemas available at run time. {@link #standard()} prefers the definitions the schema module
 * generates for the whole API (with {@code "x-deprecated": true} marks) and falls back to the builtin catalogue
 * for any message those do not describe.
 */
public final class MessageSchemas {
    private static volatile MessageSchema standard;

    private MessageSchemas() {
    }

    /** The schema definitions on the class path when present, else (and for anything they lack) the catalogue. */
    public static MessageSchema standard() {
        MessageSchema s = standard;
        if (s == null) {
            s = layered(SchemaDefinitions.fromClasspath(), CatalogSchema.builtin());
            standard = s;
        }
        return s;
    }

    /**
     * A schema merging {@code defs} (the whole API) with {@code catalog} (proven against the protos): a field's
     * shape comes from the catalogue when it has the field, and it is deprecated when either says so.
     */
    public static MessageSchema layered(MessageSchema defs, MessageSchema catalog) {
        return new MessageSchema() {
            @Override
            public FieldInfo field(String message, String field) {
                FieldInfo a = defs.field(message, field);
                FieldInfo b = catalog.field(message, field);
                if (a != null && b != null) {
                    return new FieldInfo(b.name(), b.kind(), b.type(), a.deprecated() || b.deprecated());
                }
                return b != null ? b : a;
            }

            @Override
            public boolean knows(String message) {
                return defs.knows(message) || catalog.knows(message);
            }
        };
    }
}
