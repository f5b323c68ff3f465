/**
 * Upstream clusters: hosts and priorities (static and DNS discovered), load balancers, per-event-loop keep-alive
 * connection pools and upstream TLS.
 */
package io.proxyctl.upstream;
