package io.proxyctl.grpc;

/**
 * How a route's timeouts apply to one request, gRPC or not, as Envoy decides them: the router's global timeout
 * ({@code FilterUtility::finalTimeout}) and the connection manager's stream duration limit
 * ({@code ActiveStream::refreshDurationTimeout}). All durations are milliseconds; a negative value means the
 * field is absent and 0 means "no limit" where Envoy reads it so.
 *
 * <p>A route with {@code max_stream_duration} uses the "new timeouts": its {@code timeout} and
 * {@code max_grpc_timeout} no longer arm the router's timer (Envoy issue 32948 keeps it that way), the stream
 * duration does instead, and {@code grpc_timeout_header_max} lets a {@code grpc-timeout} header replace it.
 *
 * @param routeTimeout        {@code route.timeout} (default 15 s, 0 disables)
 * @param maxGrpcTimeout      {@code route.max_grpc_timeout} (deprecated), or -1
 * @param grpcTimeoutOffset   {@code route.grpc_timeout_offset} (deprecated), or -1
 * @param newTimeouts         the route has {@code max_stream_duration}
 * @param maxStreamDuration   {@code max_stream_duration.max_stream_duration}, or -1
 * @param grpcHeaderMax       {@code max_stream_duration.grpc_timeout_header_max}, or -1
 * @param grpcHeaderOffset    {@code max_stream_duration.grpc_timeout_header_offset}, or -1
 */
public record StreamTimeouts(long routeTimeout, long maxGrpcTimeout, long grpcTimeoutOffset, boolean newTimeouts,
                             long maxStreamDuration, long grpcHeaderMax, long grpcHeaderOffset) {

    /** A route with only a plain {@code timeout}. */
    public static StreamTimeouts of(long routeTimeout) {
        return new StreamTimeouts(routeTimeout, -1, -1, false, -1, -1, -1);
    }

    /**
     * The router's global timeout before the {@code x-envoy-upstream-rq-timeout-ms} override: the route timeout,
     * or for gRPC requests on a route with {@code max_grpc_timeout} the {@code grpc-timeout} header (infinite when
     * absent) less the offset, capped by the maximum (0 = no cap). 0 disables.
     *
     * @param grpc          the request is gRPC
     * @param headerTimeout the parsed {@code grpc-timeout}, or -1
     */
    public long routerTimeout(boolean grpc, long headerTimeout) {
        if (newTimeouts) {
            return 0;
        }
        if (!grpc || maxGrpcTimeout < 0) {
            return routeTimeout;
        }
        long t = headerTimeout < 0 ? 0 : headerTimeout;
        if (grpcTimeoutOffset >= 0 && grpcTimeoutOffset < t) {
            t -= grpcTimeoutOffset; // only when it leaves a positive timeout: 0 would mean infinity
        }
        if (maxGrpcTimeout != 0 && (t == 0 || t > maxGrpcTimeout)) {
            t = maxGrpcTimeout;
        }
        return t;
    }

    /**
     * The {@code grpc-timeout} value forwarded upstream under {@code max_grpc_timeout}: the time the upstream
     * really has (the per-try timeout when one applies), or null to forward the header untouched.
     *
     * @param grpc     the request is gRPC
     * @param expected the expected timeout Envoy computes for {@code x-envoy-expected-rq-timeout-ms} (0: none)
     */
    public String legacyGrpcTimeoutHeader(boolean grpc, long expected) {
        return grpc && !newTimeouts && maxGrpcTimeout >= 0 && expected > 0 ? GrpcTimeout.format(expected) : null;
    }

    /**
     * Envoy's expected timeout ({@code FilterUtility::setTimeoutHeaders} at the first attempt): the per-try
     * timeout when it is set and shorter than the global one, else the global one; 0 when neither applies.
     */
    public static long expectedTimeout(long global, long perTry) {
        long p = global != 0 && perTry >= global ? 0 : perTry;
        long expected = p > 0 ? p : global;
        return global > 0 && expected > 0 ? Math.min(expected, global) : expected;
    }

    /**
     * The stream duration limit from the start of the stream: the {@code grpc-timeout} header when the route
     * sets {@code grpc_timeout_header_max} (capped by it unless 0, less the header offset), else the route's
     * {@code max_stream_duration}, else the connection manager's. {@link Duration#NONE} when no limit applies.
     *
     * @param grpc              the request is gRPC
     * @param headerTimeout     the parsed {@code grpc-timeout}, or -1
     * @param hcmStreamDuration {@code common_http_protocol_options.max_stream_duration} (0: none)
     */
    public Duration streamDuration(boolean grpc, long headerTimeout, long hcmStreamDuration) {
        long t;
        if (headerTimeout < 0 || grpcHeaderMax < 0) {
            if (maxStreamDuration >= 0) {
                if (maxStreamDuration == 0) {
                    return Duration.NONE;
                }
                t = maxStreamDuration;
            } else if (hcmStreamDuration > 0) {
                t = hcmStreamDuration;
            } else {
                return Duration.NONE;
            }
        } else {
            t = headerTimeout;
            if (grpcHeaderMax != 0 && t > grpcHeaderMax) {
                t = grpcHeaderMax;
            }
            if (t != 0 && grpcHeaderOffset >= 0) {
                t = grpcHeaderOffset < t ? t - grpcHeaderOffset : 0;
            }
        }
        // The upstream learns the limit before Envoy subtracts the time already spent on the stream.
        return new Duration(t, newTimeouts && grpc ? GrpcTimeout.format(t) : null);
    }

    /**
     * A stream duration limit.
     *
     * @param millis            the limit from the stream's start, or -1 for none
     * @param grpcTimeoutHeader the {@code grpc-timeout} to forward instead of the client's, or null
     */
    public record Duration(long millis, String grpcTimeoutHeader) {
        public static final Duration NONE = new Duration(-1, null);
    }
}
