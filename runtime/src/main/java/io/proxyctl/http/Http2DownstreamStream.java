package io.proxyctl.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import io.proxyctl.upstream.Http2Messages;
import java.util.concurrent.TimeUnit;

/**
 * One downstream HTTP/2 stream: a plain object (no channel, no pipeline) that its {@link Http2DownstreamConnection}
 * hands the stream's frames, driving one {@link HttpStream} exactly as an HTTP/1.1 connection drives its requests.
 * Writes go straight to the connection's HTTP/2 encoder and are flushed once per batch by the connection.
 * Back-pressure is HTTP/2 flow control: while paused, received data is not returned to the client's window (so
 * the client stops within one window), and writability is the stream's send window. A reset touches this stream
 * only.
 */
final class Http2DownstreamStream extends Downstream {
    private final Http2DownstreamConnection connection;
    private final Http2Stream h2;
    private HttpResponse heldHead; // a response head not yet written, see write()
    private HttpStream stream;
    private boolean counted;
    private boolean done;
    private boolean closed;
    private boolean requestEnded;
    private boolean interimEndPending;
    private int unconsumed; // received bytes not yet returned to the client's window (paused)
    private long timerDeadlineNanos = Long.MAX_VALUE;

    Http2DownstreamStream(Http2DownstreamConnection connection, Http2Stream h2) {
        super(connection.cfg, connection.worker, true);
        this.connection = connection;
        this.h2 = h2;
        this.channel = connection.channel();
        this.id = connection.id;
        this.remoteAddress = connection.remoteAddress;
        this.remoteIp = connection.remoteIp;
        this.scheme = connection.scheme;
        this.localAddress = connection.localAddress;
        this.lastActivityNanos = System.nanoTime();
    }

    /** The request head arrived: start the HTTP stream. */
    void start(HttpRequest req, boolean endOfStream) {
        requests = 1;
        counted = true;
        // Known before start(): a local reply finishes the stream inside it and must not reset a complete request.
        requestEnded = endOfStream;
        connection.streamStarted();
        HttpStream s = new HttpStream(this, req, cfg);
        stream = s;
        s.start();
        if (!done) {
            armTimer(nextTimeoutMillis());
        }
        if (endOfStream) {
            content(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /** A DATA frame; returns the bytes to give back to the client's window now (none while paused). */
    int data(ByteBuf data, int bytes, boolean endOfStream) {
        lastActivityNanos = System.nanoTime();
        content(Http2Messages.content(data, endOfStream));
        if (paused != 0 && !done) {
            unconsumed += bytes;
            return 0;
        }
        return bytes;
    }

    /** Trailing HEADERS: the end of the request. */
    void trailers(Http2Headers headers) {
        lastActivityNanos = System.nanoTime();
        content(Http2Messages.trailers(headers));
    }

    private void content(HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (stream != null && !done && !stream.requestComplete()) {
            stream.onRequestContent(c);
        } else {
            c.release();
        }
        if (last) {
            requestEnded = true;
        }
    }

    void writabilityChanged(boolean nowWritable) {
        HttpStream s = stream;
        if (s != null && !done) {
            s.onDownstreamWritabilityChanged(nowWritable);
        }
    }

    /** Netty closed the stream: both sides ended, reset by either side, or the connection went away. */
    void closed() {
        closed = true;
        cancelTimer();
        HttpResponse held = heldHead;
        heldHead = null;
        ReferenceCountUtil.release(held);
        HttpStream s = stream;
        if (s != null && !done) {
            s.onDownstreamClosed();
        }
        if (counted) {
            counted = false;
            connection.streamEnded();
        }
    }

    // ------------------------------------------------------------------ Downstream

    @Override
    boolean isWritable() {
        // Asked of the flow controller (stream window, connection window and channel): the listener only reports
        // changes, so a stream that starts while the connection is backed up would otherwise miss the state.
        return !closed && connection.isWritable(h2);
    }

    @Override
    void write(Object msg) {
        if (closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        HttpResponse held = heldHead;
        if (held != null) {
            heldHead = null;
            if (msg instanceof LastHttpContent last && !(msg instanceof HttpResponse) && !last.content().isReadable()
                    && last.trailingHeaders().isEmpty()) {
                last.release();
                connection.writeHeaders(h2, Http2Messages.responseHeaders(held), true);
                connection.requestFlush();
                return;
            }
            connection.writeHeaders(h2, Http2Messages.responseHeaders(held), false);
        } else if (msg instanceof HttpResponse r && !(msg instanceof HttpContent) && r.status().code() >= 200) {
            // Held until the next write or flush: a headers-only answer (a gRPC trailers-only response) must leave
            // as one HEADERS frame with END_STREAM, not HEADERS then an empty DATA frame, which gRPC clients reject.
            heldHead = r;
            return;
        }
        if (msg instanceof HttpResponse r) {
            boolean informational = r.status().code() < 200;
            boolean end = !informational && Http2Messages.headersOnly(r);
            connection.writeHeaders(h2, Http2Messages.responseHeaders(r), end);
            if (end || informational) {
                // An interim response is one HEADERS frame; the end the stream writes after it is not the stream's.
                interimEndPending = informational && !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(r);
                connection.requestFlush();
                return;
            }
        }
        if (msg instanceof HttpContent c) {
            if (interimEndPending) {
                interimEndPending = !(c instanceof LastHttpContent);
                c.release();
                return;
            }
            connection.writeContent(h2, c);
        } else if (!(msg instanceof HttpResponse)) {
            ReferenceCountUtil.release(msg); // raw bytes: HTTP/2 has no tunnels here
        }
        connection.requestFlush();
    }

    @Override
    void flushIfNotInRead() {
        flushNow();
    }

    @Override
    void flushNow() {
        HttpResponse held = heldHead;
        if (held != null && !closed) {
            heldHead = null;
            connection.writeHeaders(h2, Http2Messages.responseHeaders(held), false);
        }
        connection.requestFlush();
    }

    @Override
    void flushUpstreamLater(Channel upstream) {
        connection.flushUpstreamLater(upstream);
    }

    @Override
    void pause(int reason) {
        paused |= reason;
    }

    @Override
    void resume(int reason) {
        if ((paused & reason) == 0) {
            return;
        }
        paused &= ~reason;
        if (paused == 0 && unconsumed > 0) {
            int n = unconsumed;
            unconsumed = 0;
            if (!closed) {
                connection.consumed(h2, n);
            }
        }
    }

    @Override
    void closeAfterFlush() {
        reset();
    }

    /** RST_STREAM (CANCEL) after what was written so far; other streams of the connection are not affected. */
    @Override
    void reset() {
        flushNow();
        if (!closed) {
            connection.resetStream(h2);
        }
    }

    @Override
    void startTunnel(HttpStream s) {
        reset(); // HTTP/2 has no 101 upgrades (RFC 9113 8.6)
    }

    @Override
    void streamDone(HttpStream s) {
        done = true;
        cancelTimer();
        flushNow();
        if (!requestEnded && !closed) {
            // Answered before the request body ended (local reply, early response): the rest is not wanted.
            connection.resetStream(h2);
        }
        if (counted) {
            counted = false;
            connection.streamEnded();
        }
    }

    @Override
    void checkBy(long deadlineNanos) {
        if (deadlineNanos < timerDeadlineNanos && !done) {
            armTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()) + 1));
        }
    }

    // ------------------------------------------------------------------ timers

    /** The stream's timer (route timeout and stream idle timeout) is due: run by the connection's one timer. */
    void timerDue() {
        timerDeadlineNanos = Long.MAX_VALUE;
        HttpStream s = stream;
        if (done || s == null || closed) {
            return;
        }
        long now = System.nanoTime();
        if (s.timeoutDeadlineNanos() != 0 && now >= s.timeoutDeadlineNanos()) {
            s.onRouteTimeout();
            if (done) {
                return;
            }
        }
        long t = s.idleTimeoutMillis();
        if (t > 0 && TimeUnit.NANOSECONDS.toMillis(now - lastActivityNanos) >= t) {
            s.onIdleTimeout();
            if (done) {
                return;
            }
        }
        armTimer(nextTimeoutMillis());
    }

    private long nextTimeoutMillis() {
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        HttpStream s = stream;
        long t = s.idleTimeoutMillis();
        if (t > 0) {
            next = Math.max(1, t - TimeUnit.NANOSECONDS.toMillis(now - lastActivityNanos));
        }
        if (s.timeoutDeadlineNanos() != 0) {
            next = Math.min(next, Math.max(1, TimeUnit.NANOSECONDS.toMillis(s.timeoutDeadlineNanos() - now) + 1));
        }
        return next;
    }

    private void armTimer(long delayMillis) {
        if (delayMillis == Long.MAX_VALUE) {
            return;
        }
        timerDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        connection.timerAt(timerDeadlineNanos);
    }

    // No task per stream: the connection's timer finds due streams by their deadline, so ending a stream is free.
    private void cancelTimer() {
        timerDeadlineNanos = Long.MAX_VALUE;
    }

    long timerDeadlineNanos() {
        return timerDeadlineNanos;
    }
}
