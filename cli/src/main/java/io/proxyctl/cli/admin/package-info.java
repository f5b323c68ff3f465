/**
 * {@code proxyctl admin}: an istioctl-proxy-config-style client for any Envoy-compatible admin endpoint.
 *
 * <p>Owns the subcommands ({@code *Command}, thin: options, one fetch, one renderer), the HTTP client and its
 * error policy ({@link io.proxyctl.cli.admin.AdminClient}, {@link io.proxyctl.cli.admin.AdminReply}), the readers of
 * Envoy's admin formats ({@code StatsParser}, {@code ClustersParser}, {@code ListenersParser},
 * {@code ConfigDumpReader}, {@code JsonParser}), the renderers of their tables ({@code *Format}) and the live stats
 * view ({@code StatsWatch}, {@code WatchScreen}). A real Envoy's formats are the reference; nothing here depends on
 * the proxyctl runtime's admin server.
 */
package io.proxyctl.cli.admin;
