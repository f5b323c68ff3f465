/**
 * Build-time generator of the Envoy API JSON Schema from the protobuf descriptors of the official API jar. Not
 * shipped: the schemas jar carries only the generated resources.
 */
package io.proxyctl.schema.gen;
