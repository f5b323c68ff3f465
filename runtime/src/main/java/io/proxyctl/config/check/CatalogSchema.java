package io.proxyctl.config.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The builtin message catalogue: every field of the messages proxyctl walks (bootstrap, listeners, HTTP
 * connection manager, routes, clusters, endpoints, TLS, access logs, ...), with types and deprecation marks.
 * Generated from the official protos into {@code message-catalog.txt}; {@code MessageCatalogTest} proves it
 * current and lists the messages it holds.
 */
public final class CatalogSchema implements MessageSchema {
    private static final CatalogSchema INSTANCE = new CatalogSchema(load());

    private final Map<String, Map<String, FieldInfo>> messages;

    private CatalogSchema(Map<String, Map<String, FieldInfo>> messages) {
        this.messages = messages;
    }

    /** The catalogue bundled with the runtime. */
    public static CatalogSchema builtin() {
        return INSTANCE;
    }

    @Override
    public FieldInfo field(String message, String field) {
        Map<String, FieldInfo> m = messages.get(message);
        return m == null ? null : m.get(field);
    }

    @Override
    public boolean knows(String message) {
        return messages.containsKey(message);
    }

    /** Every message in the catalogue with its fields. */
    public Map<String, Map<String, FieldInfo>> messages() {
        return messages;
    }

    private static Map<String, Map<String, FieldInfo>> load() {
        Map<String, Map<String, FieldInfo>> out = new HashMap<>();
        try (InputStream in = CatalogSchema.class.getResourceAsStream("message-catalog.txt")) {
            if (in == null) {
                throw new IllegalStateException("message-catalog.txt missing from the runtime jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                // message field kind type deprecated
                String[] p = line.split(" ");
                FieldInfo f = new FieldInfo(p[1], FieldInfo.Kind.valueOf(p[2]), p[3], p[4].equals("deprecated"));
                out.computeIfAbsent(p[0], k -> new HashMap<>()).put(p[1], f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }
}
