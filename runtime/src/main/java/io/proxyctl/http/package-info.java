/**
 * The HTTP connection manager: per-connection {@link io.proxyctl.http.DownstreamConnection} handlers (HTTP/1.1) or
 * {@code Http2DownstreamConnection}s with one {@code Http2DownstreamStream} per stream (HTTP/2), both driving
 * per-request {@link io.proxyctl.http.HttpStream}s that route, forward to upstream pools and stream bodies both
 * ways with back-pressure, and answer Envoy's local replies.
 */
package io.proxyctl.http;
