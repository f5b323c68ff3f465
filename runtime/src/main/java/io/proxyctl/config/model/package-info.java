/**
 * Immutable records for the Envoy v3 bootstrap that the proxyctl runtime serves: listeners, HTTP connection
 * managers, routes, clusters, access logs. Free of Netty, YAML and I/O; built by {@code io.proxyctl.config.bind}.
 */
package io.proxyctl.config.model;
