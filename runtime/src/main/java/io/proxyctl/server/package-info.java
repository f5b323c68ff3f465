/**
 * {@link io.proxyctl.server.ProxyServer}: wires a bound {@code Bootstrap} into running clusters, listeners, HTTP
 * connection managers and the admin listener, and shuts them down gracefully. The only package that knows all
 * the others.
 */
package io.proxyctl.server;
