/**
 * Binds the loaded v3 bootstrap tree (proto3 JSON forms) to the immutable {@code io.proxyctl.config.model}
 * records; {@link io.proxyctl.config.bind.BootstrapBinder} is the entry point.
 */
package io.proxyctl.config.bind;
