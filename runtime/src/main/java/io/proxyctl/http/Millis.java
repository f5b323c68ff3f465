package io.proxyctl.http;

import io.netty.util.AsciiString;

/** Small millisecond counts as header values, pre-built so the common case allocates nothing. */
final class Millis {
    private static final AsciiString[] SMALL = new AsciiString[1024];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = AsciiString.cached(Integer.toString(i));
        }
    }

    private Millis() {
    }

    static CharSequence text(long millis) {
        return millis >= 0 && millis < SMALL.length ? SMALL[(int) millis] : Long.toString(millis);
    }
}
