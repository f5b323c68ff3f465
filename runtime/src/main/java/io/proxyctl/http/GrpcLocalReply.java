package io.proxyctl.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.proxyctl.grpc.Grpc;

/**
 * Turns a local reply to a gRPC request into what Envoy sends ({@code Http::Utility::sendLocalReply}): a
 * trailers-only response, HTTP 200 with {@code content-type: application/grpc}, {@code grpc-status} and the
 * reply text, percent-encoded, as {@code grpc-message}.
 */
final class GrpcLocalReply {
    static final AsciiString GRPC_STATUS = AsciiString.cached("grpc-status");
    static final AsciiString GRPC_MESSAGE = AsciiString.cached("grpc-message");
    private static final AsciiString CONTENT_TYPE = AsciiString.cached(Grpc.CONTENT_TYPE);

    private GrpcLocalReply() {
    }

    /**
     * Sets the gRPC headers on a 200 response without body.
     *
     * @param text the body the HTTP reply would have carried; empty adds no message, nor does a HEAD request
     */
    static void apply(HttpHeaders h, int grpcStatus, byte[] text, boolean head) {
        h.set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        if (!h.contains(GRPC_STATUS)) {
            h.set(GRPC_STATUS, Integer.toString(grpcStatus));
        }
        if (text.length > 0 && !head) {
            h.set(GRPC_MESSAGE, Grpc.percentEncode(text));
        }
    }
}
