package io.proxyctl.config.bind;

/**
 * An unpacked {@code google.protobuf.Any}: its type URL and the object holding the message's fields. A
 * {@code TypedStruct} wrapper is unwrapped to the type it names.
 */
record TypedConfig(String typeUrl, Obj body) {
    static final String PREFIX = "type.googleapis.com/";

    /** Reads {@code typed_config} of {@code owner}, or returns null when absent. */
    static TypedConfig of(Obj owner, String field) {
        Obj tc = owner.obj(field);
        if (tc == null) {
            return null;
        }
        String type = tc.str("@type", null);
        if (type == null) {
            throw new BindException(tc.pointer(), "typed_config has no \"@type\"");
        }
        if (type.endsWith("/udpa.type.v1.TypedStruct") || type.endsWith("/xds.type.v3.TypedStruct")) {
            String inner = tc.str("type_url", "");
            Obj value = tc.obj("value");
            return new TypedConfig(normalize(inner), value != null ? value : new Obj(java.util.Map.of(), tc.ptr("value")));
        }
        return new TypedConfig(normalize(type), tc);
    }

    private static String normalize(String type) {
        return type.contains("/") ? type : PREFIX + type;
    }

    /** The message name without the {@code type.googleapis.com/} prefix. */
    String messageName() {
        int slash = typeUrl.lastIndexOf('/');
        return slash < 0 ? typeUrl : typeUrl.substring(slash + 1);
    }

    /** True when the message is {@code v3Name}, or its v2 equivalent {@code v2Name} (which may be null). */
    boolean is(String v3Name, String v2Name) {
        String m = messageName();
        return m.equals(v3Name) || m.equals(v2Name);
    }
}
