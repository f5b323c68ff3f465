/**
 * Dynamic configuration (xDS) independent of the transport: the state of the world per resource type
 * ({@link io.proxyctl.xds.XdsSnapshot}), its composition with the bootstrap into a static-equivalent tree
 * ({@link io.proxyctl.xds.BootstrapComposer}), applying it through a {@link io.proxyctl.xds.ConfigApplier}
 * with ACK/NACK semantics ({@link io.proxyctl.xds.DynamicConfig}), and watched xDS files
 * ({@link io.proxyctl.xds.FileSubscription}). No gRPC or protobuf here: ADS lives in the {@code xds} module.
 */
package io.proxyctl.xds;
