package io.proxyctl.grpc;

/**
 * What makes a request gRPC, and the encodings gRPC puts into header values, as Envoy's {@code Grpc::Common}
 * and {@code PercentEncoding} define them.
 */
public final class Grpc {
    /** The gRPC content type. */
    public static final String CONTENT_TYPE = "application/grpc";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Grpc() {
    }

    /**
     * Envoy's {@code hasGrpcContentType}: exactly {@code application/grpc} or {@code application/grpc+<subtype>};
     * {@code application/grpc-web} is not gRPC. Requests without a path never get here (HTTP/1 and HTTP/2 both
     * require one), so this is also {@code isGrpcRequestHeaders}.
     */
    public static boolean isGrpc(CharSequence contentType) {
        if (contentType == null || contentType.length() < CONTENT_TYPE.length()) {
            return false;
        }
        for (int i = 0; i < CONTENT_TYPE.length(); i++) {
            if (contentType.charAt(i) != CONTENT_TYPE.charAt(i)) {
                return false;
            }
        }
        return contentType.length() == CONTENT_TYPE.length() || contentType.charAt(CONTENT_TYPE.length()) == '+';
    }

    /**
     * The {@code grpc-message} encoding (gRPC's PROTOCOL-HTTP2, Envoy's {@code PercentEncoding::encode}): every
     * UTF-8 byte outside {@code ' '..'}'} and every {@code '%'} becomes {@code %XX}; Envoy also escapes {@code '~'}.
     */
    public static String percentEncode(byte[] utf8) {
        StringBuilder b = null;
        for (int i = 0; i < utf8.length; i++) {
            int c = utf8[i] & 0xff;
            boolean escape = c < ' ' || c >= '~' || c == '%';
            if (escape && b == null) {
                b = new StringBuilder(utf8.length + 16);
                for (int j = 0; j < i; j++) {
                    b.append((char) utf8[j]);
                }
            }
            if (b == null) {
                continue;
            }
            if (escape) {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                b.append((char) c);
            }
        }
        return b == null ? new String(utf8, java.nio.charset.StandardCharsets.US_ASCII) : b.toString();
    }
}
