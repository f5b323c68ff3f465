package io.proxyctl.grpc;

/** gRPC status codes used by local replies, and Envoy's {@code Grpc::Utility::httpToGrpcStatus}. */
public final class GrpcStatus {
    public static final int OK = 0;
    public static final int CANCELLED = 1;
    public static final int UNKNOWN = 2;
    public static final int DEADLINE_EXCEEDED = 4;
    public static final int PERMISSION_DENIED = 7;
    public static final int UNIMPLEMENTED = 12;
    public static final int INTERNAL = 13;
    public static final int UNAVAILABLE = 14;
    public static final int UNAUTHENTICATED = 16;

    private GrpcStatus() {
    }

    /** The gRPC status a local reply with this HTTP status carries (gRPC's http-grpc-status-mapping). */
    public static int fromHttp(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> INTERNAL;
            case 401 -> UNAUTHENTICATED;
            case 403 -> PERMISSION_DENIED;
            case 404 -> UNIMPLEMENTED;
            case 429, 502, 503, 504 -> UNAVAILABLE;
            default -> UNKNOWN;
        };
    }
}
