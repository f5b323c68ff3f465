package io.proxyctl.config.diff;

import java.util.Objects;

/** One normalised resource of a config: its kind, its key (usually its name) and its canonical body. */
public final class Resource {
    private final ResourceKind kind;
    private final String name;
    private final Node body;

    Resource(ResourceKind kind, String name, Node body) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.name = Objects.requireNonNull(name, "name");
        this.body = Objects.requireNonNull(body, "body");
    }

    public ResourceKind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    /** The canonical body as plain maps, lists and scalars (defaults dropped, keys sorted). */
    public Object value() {
        return body.plain();
    }

    Node body() {
        return body;
    }

    /** JSON pointer of the resource in its source document. */
    public String origin() {
        return body.origin();
    }
}
