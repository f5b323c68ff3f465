/**
 * Upstream clusters: hosts and priorities (static and DNS discovered), load balancers, per-event-loop connection
 * pools (per routing priority; HTTP/1.1 keep-alive connections, multiplexed HTTP/2 connections whose streams are
 * handed out as {@link io.proxyctl.upstream.UpstreamConnection}s) and upstream TLS, and what keeps failing hosts
 * out of rotation: active health checking, outlier detection and circuit breakers.
 */
package io.proxyctl.upstream;
