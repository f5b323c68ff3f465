/**
 * Upstream clusters: hosts and priorities (static and DNS discovered), load balancers, per-event-loop connection
 * pools (HTTP/1.1 keep-alive connections, multiplexed HTTP/2 connections whose streams are handed out as
 * {@link io.proxyctl.upstream.UpstreamConnection}s) and upstream TLS.
 */
package io.proxyctl.upstream;
