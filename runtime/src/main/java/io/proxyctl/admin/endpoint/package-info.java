/**
 * Envoy's admin endpoints on a running server ({@link io.proxyctl.admin.endpoint.AdminEndpoints} registers them):
 * the read-only views ({@code /stats}, {@code /clusters}, {@code /listeners}, {@code /server_info}, ...) and the
 * POST-only commands that act on the server ({@code /healthcheck/fail}, {@code /drain_listeners},
 * {@code /quitquitquit}, ...).
 */
package io.proxyctl.admin.endpoint;
