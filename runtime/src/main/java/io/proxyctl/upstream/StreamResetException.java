package io.proxyctl.upstream;

import java.io.IOException;

/**
 * An HTTP/2 upstream reset one stream (RST_STREAM) with {@code errorCode}; REFUSED_STREAM (7) means the server did
 * not process it, which is what makes {@code retry_on: refused-stream} safe for any request.
 */
public final class StreamResetException extends IOException {
    private static final long REFUSED_STREAM = 0x7;
    private final long errorCode;

    public StreamResetException(long errorCode) {
        super("upstream reset: RST_STREAM error code " + errorCode);
        this.errorCode = errorCode;
    }

    public long errorCode() {
        return errorCode;
    }

    /** The server refused the stream before processing it. */
    public boolean refused() {
        return errorCode == REFUSED_STREAM;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a routine upstream event, not a bug: no stack to capture
    }
}
