package io.proxyctl.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;

/**
 * One request's stream on an {@link Http2UpstreamConnection}: a plain object (no child channel, no pipeline) that
 * writes the HTTP stream's request straight to the connection's HTTP/2 encoder and gets the response frames from
 * the connection's frame listener, handed to its owner as the HTTP/1-shaped messages an HTTP/1.1 connection
 * delivers. The Netty stream (and its id) exists from the moment the request head is written, which happens at
 * the next write or flush: a head followed at once by a bare end leaves as one HEADERS frame with END_STREAM.
 * Back-pressure is HTTP/2 flow control: with reading off, received data is not returned to the server's window.
 * A stream serves one request: releasing it before both sides ended resets it (RST_STREAM CANCEL).
 */
final class Http2UpstreamStream extends UpstreamConnection {
    private final Http2UpstreamConnection connection;
    private UpstreamCallbacks owner;
    private HttpRequest heldHead;
    private Http2Stream stream;
    private Throwable cause;
    private boolean requestEnded;
    private boolean responseHead; // the final (non-1xx) response head arrived
    private boolean responseEnded;
    private boolean autoRead = true;
    private boolean finished; // accounted as closed on the connection
    boolean inReadBatch;
    private int unconsumed;

    Http2UpstreamStream(HostPool pool, Http2UpstreamConnection connection) {
        super(pool);
        this.connection = connection;
        this.channel = connection.channel();
    }

    @Override
    public void bind(UpstreamCallbacks callbacks) {
        owner = callbacks;
    }

    // ------------------------------------------------------------------ request

    @Override
    public void write(Object msg) {
        if (finished) {
            ReferenceCountUtil.release(msg);
            return;
        }
        HttpRequest held = heldHead;
        if (held != null) {
            heldHead = null;
            if (msg instanceof LastHttpContent last && !(msg instanceof HttpRequest) && !last.content().isReadable()
                    && last.trailingHeaders().isEmpty()) {
                last.release();
                writeHead(held, true);
                return;
            }
            writeHead(held, false);
        }
        if (msg instanceof HttpRequest r) {
            if (!(msg instanceof FullHttpMessage)) {
                heldHead = r;
                connection.headHeld(this);
                return;
            }
            boolean end = Http2Messages.headersOnly((FullHttpMessage) r);
            writeHead(r, end);
            if (end) {
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        if (msg instanceof HttpContent c) {
            if (stream == null) {
                c.release();
                return;
            }
            if (c instanceof LastHttpContent) {
                requestEnded = true;
            }
            connection.writeContent(stream, c);
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Writes the head held for coalescing (the connection flushes). */
    void writeHeldHead() {
        HttpRequest held = heldHead;
        if (held != null) {
            heldHead = null;
            writeHead(held, false);
        }
    }

    private void writeHead(HttpRequest r, boolean end) {
        requestEnded = end;
        Http2Stream s = connection.writeHead(this, r, end);
        if (s == null) {
            // The stream could not be created (ids exhausted, the server's limit, the connection going away).
            cause = new StreamResetException(Http2Error.REFUSED_STREAM.code());
            connection.channel().eventLoop().execute(this::closed);
            return;
        }
        stream = s;
    }

    @Override
    public void flush() {
        connection.channel().flush();
    }

    @Override
    public boolean isWritable() {
        if (finished) {
            return true; // writes are dropped: nothing to wait for
        }
        return stream == null ? connection.channel().isWritable() : connection.isWritable(stream);
    }

    // ------------------------------------------------------------------ response (from the connection's listener)

    void onHeaders(Http2Headers headers, boolean endOfStream) throws Http2Exception {
        UpstreamCallbacks o = owner;
        if (endOfStream) {
            responseEnded = true;
        }
        if (o == null) {
            return;
        }
        if (responseHead) {
            o.onUpstreamMessage(Http2Messages.trailers(headers));
            return;
        }
        HttpResponse r = Http2Messages.response(stream.id(), headers);
        int code = r.status().code();
        boolean interim = code < 200 && code != 101;
        responseHead = !interim;
        o.onUpstreamMessage(r);
        if ((interim || endOfStream) && owner != null) {
            o.onUpstreamMessage(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /** A DATA frame; returns the bytes to give back to the server's window now (none while reading is off). */
    int onData(ByteBuf data, int bytes, boolean endOfStream) {
        if (endOfStream) {
            responseEnded = true;
        }
        UpstreamCallbacks o = owner;
        if (o == null) {
            return bytes;
        }
        o.onUpstreamMessage(Http2Messages.content(data, endOfStream));
        if (!autoRead && owner != null) {
            unconsumed += bytes;
            return 0;
        }
        return bytes;
    }

    void onReset(long errorCode) {
        if (cause == null) {
            cause = new StreamResetException(errorCode);
        }
    }

    void readComplete() {
        UpstreamCallbacks o = owner;
        if (o != null) {
            o.onUpstreamReadComplete();
        }
    }

    void writabilityChanged(boolean writable) {
        UpstreamCallbacks o = owner;
        if (o != null) {
            o.onUpstreamWritabilityChanged(writable);
        }
    }

    /** The stream closed (both sides ended, reset either way, or the connection went away). */
    void closed() {
        if (finished) {
            return;
        }
        finished = true;
        HttpRequest held = heldHead;
        heldHead = null;
        ReferenceCountUtil.release(held);
        UpstreamCallbacks o = owner;
        owner = null;
        if (o != null) {
            o.onUpstreamClosed(cause);
        }
        connection.streamClosed();
    }

    // ------------------------------------------------------------------ owner side

    @Override
    public void setAutoRead(boolean on) {
        autoRead = on;
        if (on && unconsumed > 0) {
            int n = unconsumed;
            unconsumed = 0;
            if (stream != null && !finished) {
                connection.consumed(stream, n);
            }
        }
    }

    @Override
    public void release(boolean reusable) {
        end();
    }

    @Override
    public void close() {
        end();
    }

    private void end() {
        owner = null;
        if (finished) {
            return;
        }
        if (stream == null) {
            // Never reached the wire (its head was still held): nothing to reset.
            closed();
        } else if (!(requestEnded && responseEnded)) {
            connection.resetStream(stream);
        }
    }

    @Override
    boolean usable() {
        return !finished;
    }
}
