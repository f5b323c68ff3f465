/**
 * The {@code envoy.filters.network.tcp_proxy} network filter: {@link io.proxyctl.tcp.TcpProxyFactory} installs a
 * {@link io.proxyctl.tcp.TcpProxySession} on each downstream connection, which connects one upstream connection
 * on the same event loop and relays bytes both ways with back-pressure and half-close.
 */
package io.proxyctl.tcp;
