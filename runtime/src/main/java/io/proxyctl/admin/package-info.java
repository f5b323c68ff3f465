/**
 * The admin listener: a small Netty HTTP server on its own event loop that dispatches by exact path to registered
 * {@link io.proxyctl.admin.AdminHandler}s, with Envoy's 403 ({@code allow_paths}), 404 (the command list) and 405
 * (mutation without POST) answers, its own {@code http.admin.*} stats and access log. The endpoints read and act
 * on the server through {@link io.proxyctl.admin.AdminTarget}; {@code admin.endpoint} holds them,
 * {@code admin.stats} the stats formats, {@code admin.dump} the config dump.
 */
package io.proxyctl.admin;
