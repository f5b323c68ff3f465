/**
 * {@code /config_dump}: the served v3 configuration as Envoy's {@code envoy.admin.v3.*ConfigDump} messages in
 * canonical proto3 JSON (snake_case names, enum names, normalised durations, 64-bit integers as strings, secrets
 * redacted), with Envoy's {@code resource}, {@code mask} and {@code name_regex} queries.
 */
package io.proxyctl.admin.dump;
