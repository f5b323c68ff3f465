/**
 * The admin listener: a small Netty HTTP server that dispatches by exact path to registered
 * {@link io.proxyctl.admin.AdminHandler}s (the admin API endpoints plug in through
 * {@link io.proxyctl.admin.AdminHandlerRegistry}); unknown paths get Envoy's 404 with the command list.
 */
package io.proxyctl.admin;
