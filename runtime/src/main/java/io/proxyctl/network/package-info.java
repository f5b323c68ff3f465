/**
 * Listeners: one {@code ServerBootstrap} per configured listener on the shared worker loops, the
 * {@code tls_inspector} listener filter, filter chain selection per connection, downstream TLS termination, and
 * the {@link io.proxyctl.network.NetworkFilterFactory} SPI through which the server plugs the HTTP connection
 * manager and tcp_proxy in.
 */
package io.proxyctl.network;
