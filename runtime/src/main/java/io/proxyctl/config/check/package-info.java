/**
 * Checks on a loaded v3 document beyond the schema: Envoy's load-time checks
 * ({@link io.proxyctl.config.check.SemanticChecker}, PX3xxx), lint warnings
 * ({@link io.proxyctl.config.check.LintChecker}, PX4xxx) and what the proxyctl runtime does not implement
 * ({@link io.proxyctl.config.check.NotImplementedChecker}, PX6001), plus the message knowledge they walk with.
 */
package io.proxyctl.config.check;
