/** The Netty transport choice (native epoll or NIO) and the shared worker event loops. */
package io.proxyctl.transport;
