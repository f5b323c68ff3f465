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

    private static final String[] CAMEL = {"OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded",
        "NotFound", "AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted",
        "OutOfRange", "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated"};
    private static final String[] SNAKE = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
        "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
        "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

    private GrpcStatus() {
    }

    /** Envoy's {@code grpcStatusToString} name ({@code DeadlineExceeded}), or the number for other codes. */
    public static String camelName(int status) {
        return status >= 0 && status < CAMEL.length ? CAMEL[status] : Integer.toString(status);
    }

    /** The gRPC spec's name ({@code DEADLINE_EXCEEDED}), or the number for other codes. */
    public static String snakeName(int status) {
        return status >= 0 && status < SNAKE.length ? SNAKE[status] : Integer.toString(status);
    }

    /** A {@code grpc-status} value as a number; -1 (Envoy's InvalidCode) when it is not one. */
    public static int parse(CharSequence value) {
        if (value == null || value.length() == 0 || value.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
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
