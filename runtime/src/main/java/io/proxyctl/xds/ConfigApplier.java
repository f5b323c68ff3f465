package io.proxyctl.xds;

import java.util.Map;

/**
 * Applies a whole static-equivalent bootstrap tree to a running proxy, all or nothing (hot reload). A rejected
 * tree leaves the running configuration untouched.
 */
@FunctionalInterface
public interface ConfigApplier {
    /**
     * Validates and applies {@code tree}.
     *
     * @param tree   a v3 bootstrap with static_resources only (the composition of the bootstrap and xDS)
     * @param reason what changed, for logs ("cds version 3")
     * @return whether it was applied, with the diagnostics explaining a rejection
     */
    ApplyOutcome apply(Map<String, Object> tree, String reason);
}
