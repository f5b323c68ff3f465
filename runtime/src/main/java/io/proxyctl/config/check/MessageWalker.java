package io.proxyctl.config.check;

import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.upgrade.ApiVersions;
import java.util.Map;

/**
 * Walks a config tree knowing the API message of every mapping it visits, starting from the Bootstrap (or, for an
 * xDS resource file, from each resource's "@type"). Fields are reported in their proto (snake_case) name whatever
 * spelling the file used; google.protobuf.Any values are followed through their "@type".
 *
 * <p>The walk descends only into messages the {@link MessageSchema} knows, and only where the visitor asks it to.
 */
public final class MessageWalker {
    /** The message of a bootstrap document. */
    public static final String BOOTSTRAP = "envoy.config.bootstrap.v3.Bootstrap";

    private final MessageSchema schema;

    public MessageWalker(MessageSchema schema) {
        this.schema = schema;
    }

    /** Receives the fields and typed configs of a walk. */
    public interface Visitor {
        /**
         * A field present in a mapping of message {@code message}.
         *
         * @param info    what the schema knows of the field, or null when it does not know it
         * @param pointer the field's pointer (its key position is the field's position)
         * @return true to descend into the field's value (when it is a known message)
         */
        boolean field(String message, String field, FieldInfo info, String pointer, Object value);

        /**
         * A google.protobuf.Any held by field {@code field} of {@code message} (null for an xDS resource), with
         * the message its "@type" names ({@code typeName}, upgraded to v3 if it was v2; null when absent).
         *
         * @return true to walk its fields as that message
         */
        default boolean any(String message, String field, String typeName, String pointer, Map<String, Object> value) {
            return true;
        }
    }

    /** Walks a whole document: a bootstrap, or a DiscoveryResponse-shaped file ({@code resources: [Any...]}). */
    public void walkDocument(Object root, Visitor v) {
        Map<String, Object> m = Tree.map(root);
        if (m == null) {
            return;
        }
        if (Tree.get(m, "resources") != null && Tree.get(m, "static_resources") == null) {
            for (Tree.Item item : Tree.items(m, "", "resources")) {
                any(null, "resources", item.value(), item.pointer(), v);
            }
            return;
        }
        walk(root, BOOTSTRAP, "", v);
    }

    /** Walks the mapping {@code node} as message {@code message}. */
    public void walk(Object node, String message, String pointer, Visitor v) {
        Map<String, Object> m = Tree.map(node);
        if (m == null || !schema.knows(message)) {
            return;
        }
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getKey().equals("@type")) {
                continue;
            }
            String field = Tree.snake(e.getKey());
            FieldInfo info = schema.field(message, field);
            String p = JsonPointer.child(pointer, e.getKey());
            if (!v.field(message, field, info, p, e.getValue()) || info == null) {
                continue;
            }
            switch (info.kind()) {
                case SINGULAR -> value(message, info, e.getValue(), p, v);
                case REPEATED -> {
                    for (Tree.Item item : Tree.items(e.getValue(), p)) {
                        value(message, info, item.value(), item.pointer(), v);
                    }
                }
                case MAP -> {
                    Map<String, Object> entries = Tree.map(e.getValue());
                    if (entries != null) {
                        for (Map.Entry<String, Object> entry : entries.entrySet()) {
                            value(message, info, entry.getValue(), JsonPointer.child(p, entry.getKey()), v);
                        }
                    }
                }
                default -> {
                }
            }
        }
    }

    private void value(String message, FieldInfo info, Object value, String pointer, Visitor v) {
        if (info.isAny()) {
            any(message, info.name(), value, pointer, v);
        } else {
            walk(value, info.type(), pointer, v);
        }
    }

    private void any(String message, String field, Object value, String pointer, Visitor v) {
        Map<String, Object> m = Tree.map(value);
        if (m == null) {
            return;
        }
        String type = Tree.anyType(m);
        String v3 = ApiVersions.upgradeMessage(type);
        String name = v3 != null ? v3 : type;
        if (v.any(message, field, name, pointer, m) && name != null) {
            walk(m, name, pointer, v);
        }
    }
}
