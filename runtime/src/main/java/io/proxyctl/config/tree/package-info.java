/**
 * Null-tolerant access to loaded document trees the way Envoy's proto3 JSON parser reads them (snake_case or
 * lowerCamelCase fields, single-item lists).
 */
package io.proxyctl.config.tree;
