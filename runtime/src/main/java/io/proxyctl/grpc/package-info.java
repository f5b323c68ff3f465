/**
 * gRPC semantics of the HTTP connection manager and router, free of Netty: which requests are gRPC
 * ({@link io.proxyctl.grpc.Grpc}), the status codes and Envoy's HTTP-to-gRPC status mapping for local replies
 * ({@link io.proxyctl.grpc.GrpcStatus}), the {@code grpc-timeout} header format ({@link io.proxyctl.grpc.GrpcTimeout})
 * and how route timeouts and stream durations follow it ({@link io.proxyctl.grpc.StreamTimeouts}).
 */
package io.proxyctl.grpc;
