package io.proxyctl.config.model;

/** An {@code upgrade_configs} entry: an upgrade type (case-insensitive, e.g. websocket) and whether it is enabled. */
public record UpgradeConfig(String upgradeType, boolean enabled) {
}
