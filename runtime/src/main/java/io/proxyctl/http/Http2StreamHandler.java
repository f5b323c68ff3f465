package io.proxyctl.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One downstream HTTP/2 stream: the last handler of a stream child channel, after
 * {@code Http2StreamFrameToHttpObjectCodec}, driving one {@link HttpStream} exactly as an HTTP/1.1 connection
 * drives its requests. Back-pressure is the child channel's: pausing stops reading from the stream, which
 * withholds WINDOW_UPDATEs from the client; the child's writability reflects the client's window for the
 * response. A reset touches this stream only.
 */
final class Http2StreamHandler extends Downstream implements Runnable {
    private final Http2DownstreamConnection connection;
    private ChannelHandlerContext ctx;
    private HttpResponse heldHead; // a response head not yet written, see write()
    private HttpStream stream;
    private boolean counted;
    private boolean done;
    private boolean requestEnded;
    private boolean inRead;
    private boolean needsFlush;
    private Channel upstreamToFlush;
    private boolean resumeScheduled;
    private ScheduledFuture<?> timer;
    private long timerDeadlineNanos = Long.MAX_VALUE;

    Http2StreamHandler(Http2DownstreamConnection connection) {
        super(connection.cfg, connection.worker, true);
        this.connection = connection;
        this.id = connection.id;
        this.remoteAddress = connection.remoteAddress;
        this.remoteIp = connection.remoteIp;
        this.scheme = connection.scheme;
        this.localAddress = connection.localAddress;
        this.lastActivityNanos = System.nanoTime();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inRead = true;
        lastActivityNanos = System.nanoTime();
        if (msg instanceof HttpRequest head) {
            HttpRequest req = head;
            if (stream != null) {
                ReferenceCountUtil.release(msg);
                return;
            }
            LastHttpContent last = null;
            if (msg instanceof FullHttpRequest full) {
                // HEADERS with END_STREAM: the stream wants a head and an end, as HTTP/1.1 delivers them.
                last = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
                req = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
            }
            HttpHeaders h = req.headers();
            // The codec's bookkeeping headers are not the client's: never route on or forward them.
            h.remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
            h.remove(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text());
            requests = 1;
            counted = true;
            // Known before start(): a local reply finishes the stream inside it and must not reset a complete request.
            requestEnded = last != null;
            connection.streamStarted();
            HttpStream s = new HttpStream(this, req, cfg);
            stream = s;
            s.start();
            if (!done) {
                armTimer(nextTimeoutMillis());
            }
            if (last != null) {
                content(last);
            }
        } else if (msg instanceof HttpContent c) {
            content(c);
        } else {
            ReferenceCountUtil.release(msg);
        }
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

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inRead = false;
        Channel up = upstreamToFlush;
        if (up != null) {
            upstreamToFlush = null;
            up.flush();
        }
        flushNow();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        HttpStream s = stream;
        if (s != null && !done) {
            s.onDownstreamWritabilityChanged(channel.isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        HttpStream s = stream;
        if (s != null && !done) {
            s.onDownstreamClosed(); // reset by the client, or the connection went away
        }
        if (counted) {
            counted = false;
            connection.streamEnded();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    // ------------------------------------------------------------------ Downstream

    @Override
    void write(Object msg) {
        HttpResponse held = heldHead;
        if (held != null) {
            heldHead = null;
            if (msg instanceof LastHttpContent last && !(msg instanceof HttpResponse) && !last.content().isReadable()
                    && last.trailingHeaders().isEmpty()) {
                last.release();
                msg = new DefaultFullHttpResponse(held.protocolVersion(), held.status(), Unpooled.EMPTY_BUFFER,
                        held.headers(), DefaultHttpHeadersFactory.trailersFactory().newHeaders());
            } else {
                ctx.write(held, ctx.voidPromise());
            }
        } else if (msg instanceof HttpResponse r && !(msg instanceof HttpContent) && r.status().code() >= 200) {
            // Held until the next write or flush: a headers-only answer (a gRPC trailers-only response) must leave
            // as one HEADERS frame with END_STREAM, not HEADERS then an empty DATA frame, which gRPC clients reject.
            heldHead = r;
            needsFlush = true;
            return;
        }
        ctx.write(msg, ctx.voidPromise());
        needsFlush = true;
    }

    @Override
    void flushIfNotInRead() {
        if (!inRead) {
            flushNow();
        }
    }

    @Override
    void flushNow() {
        if (needsFlush) {
            needsFlush = false;
            HttpResponse held = heldHead;
            if (held != null) {
                heldHead = null;
                ctx.write(held, ctx.voidPromise());
            }
            ctx.flush();
        }
    }

    @Override
    void flushUpstreamLater(Channel upstream) {
        if (!inRead) {
            upstream.flush();
            return;
        }
        Channel prev = upstreamToFlush;
        if (prev != null && prev != upstream) {
            prev.flush();
        }
        upstreamToFlush = upstream;
    }

    @Override
    void resume(int reason) {
        if ((paused & reason) == 0) {
            return;
        }
        paused &= ~reason;
        if (paused == 0 && !done && !resumeScheduled) {
            // A child channel delivers its queued frames inside setAutoRead(true): never re-enter the stream from
            // the middle of its own state change (e.g. before it stored the upstream it just got).
            resumeScheduled = true;
            channel.eventLoop().execute(this::resumeNow);
        }
    }

    private void resumeNow() {
        resumeScheduled = false;
        if (paused == 0 && !done && channel.isActive()) {
            channel.config().setAutoRead(true);
            // The WINDOW_UPDATE for what this stream already consumed is written by that read() but only flushed
            // when the child was idle: flush it, or a client waiting for window would wait forever.
            channel.parent().flush();
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
        channel.close();
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
        if (!requestEnded) {
            // Answered before the request body ended (local reply, early response): the rest is not wanted.
            channel.close();
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

    /** The stream's timer: route timeout and stream idle timeout. */
    @Override
    public void run() {
        timer = null;
        timerDeadlineNanos = Long.MAX_VALUE;
        HttpStream s = stream;
        if (done || s == null || !channel.isActive()) {
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
        cancelTimer();
        timerDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        timer = channel.eventLoop().schedule(this, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            timer = null;
            t.cancel(false);
        }
        timerDeadlineNanos = Long.MAX_VALUE;
    }
}
