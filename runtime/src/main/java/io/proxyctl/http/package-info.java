/**
 * The HTTP/1.1 connection manager: per-connection {@link io.proxyctl.http.DownstreamConnection} handlers and
 * per-request {@link io.proxyctl.http.HttpStream}s that route, forward to upstream pools and stream bodies both
 * ways with back-pressure, and answer Envoy's local replies.
 */
package io.proxyctl.http;
