package io.proxyctl.format;

import io.proxyctl.grpc.Grpc;
import io.proxyctl.grpc.GrpcStatus;
import java.util.Locale;

/**
 * {@code %GRPC_STATUS(CAMEL_STRING|SNAKE_STRING|NUMBER)%} and {@code %GRPC_STATUS_NUMBER%}: for a gRPC request,
 * the response trailers' {@code grpc-status}, else the response headers' (trailers-only responses), else the HTTP
 * status mapped to a gRPC status; nothing for other requests (Envoy's {@code GrpcStatusFormatter}).
 */
final class GrpcStatusOperator {
    private GrpcStatusOperator() {
    }

    static Operator of(String args) {
        String form = args == null || args.isEmpty() ? "CAMEL_STRING" : args.toUpperCase(Locale.ROOT);
        return switch (form) {
            case "NUMBER" -> new Operator.Numeric() {
                @Override
                long value(FormatContext ctx) {
                    Integer s = status(ctx);
                    return s == null ? -1 : s;
                }
            };
            case "CAMEL_STRING", "SNAKE_STRING" -> new Operator() {
                @Override
                boolean append(FormatContext ctx, StringBuilder out) {
                    Integer s = status(ctx);
                    if (s == null) {
                        return false;
                    }
                    out.append(form.equals("CAMEL_STRING") ? GrpcStatus.camelName(s) : GrpcStatus.snakeName(s));
                    return true;
                }
            };
            default -> throw new FormatException("GRPC_STATUS only accepts CAMEL_STRING or SNAKE_STRING or NUMBER. Got "
                    + args);
        };
    }

    private static Integer status(FormatContext ctx) {
        if (!Grpc.isGrpc(ctx.requestHeader("content-type"))) {
            return null;
        }
        CharSequence v = ctx.responseTrailer("grpc-status");
        if (v == null) {
            v = ctx.responseHeader("grpc-status");
        }
        if (v != null) {
            return GrpcStatus.parse(v);
        }
        return ctx.responseCode() > 0 ? GrpcStatus.fromHttp(ctx.responseCode()) : null;
    }
}
