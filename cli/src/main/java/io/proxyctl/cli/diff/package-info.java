/**
 * Inputs of {@code proxyctl diff}: resolving an argument (a config file, a saved config dump, or the admin URL of
 * a running instance) to the runtime's {@link io.proxyctl.config.diff.ResourceSet}.
 */
package io.proxyctl.cli.diff;
