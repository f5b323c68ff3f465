package io.proxyctl.config.model;

import java.time.Duration;

/**
 * {@code RouteAction.max_stream_duration}: its presence switches the route to Envoy's stream-duration timeouts.
 * Each field is null when absent.
 *
 * @param maxStreamDuration       limit on the whole stream (0 disables)
 * @param grpcTimeoutHeaderMax    honour a gRPC request's {@code grpc-timeout}, capped by this (0: no cap)
 * @param grpcTimeoutHeaderOffset subtracted from the {@code grpc-timeout} value
 */
public record MaxStreamDuration(Duration maxStreamDuration, Duration grpcTimeoutHeaderMax,
                                Duration grpcTimeoutHeaderOffset) {
}
