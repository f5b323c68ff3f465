/**
 * Schema validation of Envoy configuration: the generated JSON Schema of the Envoy API (module proxyctl-schemas),
 * assembled per document and checked with everit, with every violation mapped to a positioned diagnostic.
 * Entry point: {@link io.proxyctl.config.schema.SchemaValidator}.
 */
package io.proxyctl.config.schema;
