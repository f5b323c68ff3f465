package io.proxyctl.xds;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One accepted xDS resource: its name, the version_info of the response that last changed it, when that was,
 * and its proto3 JSON tree (without {@code "@type"}). The tree is never modified after construction.
 */
public record XdsResource(XdsType type, String name, String version, Instant lastUpdated, Map<String, Object> tree) {
    public XdsResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lastUpdated, "lastUpdated");
        Objects.requireNonNull(tree, "tree");
        version = version == null ? "" : version;
    }
}
