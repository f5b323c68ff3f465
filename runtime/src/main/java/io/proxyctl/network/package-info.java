/**
 * Listeners: one {@code ServerBootstrap} per configured listener on the shared worker loops, filter chain
 * selection per connection, and the {@link io.proxyctl.network.NetworkFilterFactory} SPI through which the
 * server plugs the HTTP connection manager (and later TLS and tcp_proxy) in.
 */
package io.proxyctl.network;
