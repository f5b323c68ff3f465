/**
 * The ADS client over gRPC (state of the world): {@link io.proxyctl.xds.grpc.GrpcAdsTransport} keeps one
 * aggregated stream to the management server, turns each DiscoveryResponse's Any resources into JSON trees
 * ({@link io.proxyctl.xds.grpc.ResourceJson}) for the runtime's {@link io.proxyctl.xds.DynamicConfig}, and ACKs
 * or NACKs them. The only package of proxyctl that loads gRPC and protobuf.
 */
package io.proxyctl.xds.grpc;
