/**
 * Upstream clusters: hosts and priorities (static and DNS discovered), load balancers, per-event-loop keep-alive
 * connection pools (per routing priority) and upstream TLS, and what keeps failing hosts out of rotation: active
 * health checking, outlier detection and circuit breakers.
 */
package io.proxyctl.upstream;
