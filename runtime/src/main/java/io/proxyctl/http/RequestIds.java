package io.proxyctl.http;

import io.netty.util.AsciiString;
import java.util.concurrent.ThreadLocalRandom;

/** Random version-4 UUID strings without {@code SecureRandom} contention (request ids are not secrets). */
final class RequestIds {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private RequestIds() {
    }

    /** A v4 UUID as an {@link AsciiString} (header values need no char-to-byte conversion then). */
    static AsciiString uuid4() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lo = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        byte[] c = new byte[36];
        hex(hi >>> 32, c, 0, 8);
        c[8] = (byte) '-';
        hex(hi >>> 16, c, 9, 4);
        c[13] = (byte) '-';
        hex(hi, c, 14, 4);
        c[18] = (byte) '-';
        hex(lo >>> 48, c, 19, 4);
        c[23] = (byte) '-';
        hex(lo, c, 24, 12);
        return new AsciiString(c, false);
    }

    private static void hex(long v, byte[] out, int off, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[off + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
    }
}
