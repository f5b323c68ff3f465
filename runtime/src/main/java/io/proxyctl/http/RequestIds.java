package io.proxyctl.http;

import java.util.concurrent.ThreadLocalRandom;

/** Random version-4 UUID strings without {@code SecureRandom} contention (request ids are not secrets). */
final class RequestIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    static String uuid4() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lo = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        char[] c = new char[36];
        hex(hi >>> 32, c, 0, 8);
        c[8] = '-';
        hex(hi >>> 16, c, 9, 4);
        c[13] = '-';
        hex(hi, c, 14, 4);
        c[18] = '-';
        hex(lo >>> 48, c, 19, 4);
        c[23] = '-';
        hex(lo, c, 24, 12);
        return new String(c);
    }

    private static void hex(long v, char[] out, int off, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[off + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
    }
}
