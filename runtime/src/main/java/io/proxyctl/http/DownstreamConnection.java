package io.proxyctl.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection manager's handler for one downstream HTTP/1.1 connection, after {@code HttpServerCodec}. Runs
 * one {@link HttpStream} at a time; pipelined requests wait in a queue (with reading paused) and are answered in
 * order. Owns the connection-level concerns: flushing once per read batch, pausing reads for back-pressure
 * (several independent reasons), idle and stream-idle timeouts, draining, and the switch to a raw tunnel after a
 * protocol upgrade.
 */
public final class DownstreamConnection extends Downstream implements Runnable {
    /** The name of the HTTP codec in downstream pipelines. */
    public static final String CODEC = "codec";
    /** The name of the {@link RequestHeadWatch} in downstream pipelines (present only with a headers timeout). */
    static final String HEAD_WATCH = "head-watch";

    static final AtomicLong IDS = new AtomicLong();

    private ChannelHandlerContext ctx;
    private boolean started;
    private final boolean countHttp1;

    private HttpStream active;
    private HttpStream tunnel;
    private ArrayDeque<Object> queued;
    private boolean processingQueue;
    private boolean inRead;
    private boolean needsFlush;
    private Channel upstreamToFlush;
    private boolean closing;
    private final long createdNanos = System.nanoTime();
    private ScheduledFuture<?> timer;
    private long timerDeadlineNanos = Long.MAX_VALUE;
    private long headStartNanos; // when the first bytes of a not yet complete request head arrived; 0 = none

    /**
     * @param worker the index of the event loop this connection lives on
     */
    public DownstreamConnection(HcmConfig cfg, int worker) {
        this(cfg, worker, true);
    }

    /**
     * @param countHttp1 count {@code downstream_cx_http1_total} at once; false with codec AUTO, where the first
     *                   bytes decide the protocol (and {@link PrefaceSniffer} counts it)
     */
    DownstreamConnection(HcmConfig cfg, int worker, boolean countHttp1) {
        super(cfg, worker, false);
        this.id = IDS.incrementAndGet();
        this.countHttp1 = countHttp1;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        if (channel.isRegistered() && channel.isActive()) {
            // Accepted sockets are active before registration, and protocol detection installs this later still.
            started();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        started();
        ctx.fireChannelActive();
    }

    private void started() {
        if (started) {
            return;
        }
        started = true;
        remoteAddress = format((InetSocketAddress) channel.remoteAddress());
        remoteIp = ForwardingHeaders.ipOf(remoteAddress);
        localAddress = format((InetSocketAddress) channel.localAddress());
        scheme = io.proxyctl.network.TlsTerminatingFactory.terminatesTls(channel.pipeline()) ? "https" : "http";
        cfg.stats.cxTotal.inc();
        if (countHttp1) {
            cfg.stats.cxHttp1Total.inc();
        }
        cfg.stats.cxActive.inc();
        lastActivityNanos = System.nanoTime();
        armTimer(nextTimeoutMillis());
    }

    static String format(InetSocketAddress a) {
        if (a == null) {
            return null;
        }
        String ip = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + a.getPort() : ip + ":" + a.getPort();
    }

    // ------------------------------------------------------------------ inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inRead = true;
        lastActivityNanos = System.nanoTime();
        if (tunnel != null) {
            tunnel.tunnelFromDownstream(msg);
            return;
        }
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (queued != null && !queued.isEmpty() || active != null && active.requestComplete()) {
            enqueue(msg);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest req) {
            headStartNanos = 0;
            if (active != null) {
                // Cannot happen with a conforming decoder: a new head before the previous request ended.
                ReferenceCountUtil.release(msg);
                return;
            }
            requests++;
            HttpStream s = new HttpStream(this, req, cfg, lastActivityNanos);
            active = s;
            s.start();
            // The route (known after start) may shorten the stream idle timeout below the armed check.
            long idle = active == s ? s.idleTimeoutMillis() : 0;
            if (idle > 0 && System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(idle) < timerDeadlineNanos) {
                armTimer(idle);
            }
            if (msg instanceof HttpContent c && active == s) {
                s.onRequestContent(c);
            } else if (msg instanceof HttpContent c) {
                c.release();
            }
        } else if (msg instanceof HttpContent c) {
            if (active != null && !active.requestComplete()) {
                active.onRequestContent(c);
            } else {
                c.release();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void enqueue(Object msg) {
        if (queued == null) {
            queued = new ArrayDeque<>(8);
        }
        queued.add(msg);
        pause(PAUSE_PIPELINE);
    }

    /** Feeds queued pipelined messages while no stream is waiting for its response. */
    private void processQueue() {
        if (processingQueue || queued == null) {
            return;
        }
        processingQueue = true;
        try {
            while (!queued.isEmpty() && !closing && (active == null || !active.requestComplete())) {
                dispatch(queued.poll());
            }
            if (queued.isEmpty()) {
                resume(PAUSE_PIPELINE);
            }
        } finally {
            processingQueue = false;
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
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = channel.isWritable();
        HttpStream s = tunnel != null ? tunnel : active;
        if (s != null) {
            s.onDownstreamWritabilityChanged(writable);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // closing is already set when this side decided to close (closeAfterFlush, errors, timeouts).
        boolean local = closing;
        closing = true;
        HcmStats st = cfg.stats;
        st.cxActive.dec();
        st.cxDestroy.inc();
        (local ? st.cxDestroyLocal : st.cxDestroyRemote).inc();
        if (active != null || tunnel != null) {
            st.cxDestroyActiveRq.inc();
            (local ? st.cxDestroyLocalActiveRq : st.cxDestroyRemoteActiveRq).inc();
        }
        st.cxLengthMs.record(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdNanos));
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        HttpStream s = tunnel != null ? tunnel : active;
        if (s != null) {
            s.onDownstreamClosed();
        }
        if (queued != null) {
            Object m;
            while ((m = queued.poll()) != null) {
                ReferenceCountUtil.release(m);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes are the client's business; anything else ends the connection too.
        if (!(cause instanceof IOException)) {
            cfg.stats.cxProtocolError.inc();
            closing = true;
        }
        ctx.close();
    }

    // ------------------------------------------------------------------ API for streams

    /** Writes toward the client without flushing. */
    @Override
    void write(Object msg) {
        ctx.write(msg, ctx.voidPromise());
        needsFlush = true;
    }

    /** Flushes unless a downstream read batch is in progress (its completion flushes). */
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
            ctx.flush();
        }
    }

    /** Remembers to flush an upstream channel at the end of the current downstream read batch. */
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

    /** Bytes arrived ahead of the codec (only with {@code request_headers_timeout}). */
    void onRequestBytes() {
        if (headStartNanos != 0 || active != null || tunnel != null || closing) {
            return;
        }
        headStartNanos = System.nanoTime();
        long deadline = headStartNanos + TimeUnit.MILLISECONDS.toNanos(cfg.requestHeadersTimeoutMillis);
        if (deadline < timerDeadlineNanos) {
            armTimer(cfg.requestHeadersTimeoutMillis);
        }
    }

    /** The request head did not complete within {@code request_headers_timeout}: Envoy answers 408 and closes. */
    private void onRequestHeadersTimeout() {
        cfg.stats.rqHeaderTimeout.inc();
        cfg.stats.cxProtocolError.inc();
        byte[] body = "request header timeout".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT,
                Unpooled.wrappedBuffer(body), DefaultHttpHeadersFactory.headersFactory(),
                DefaultHttpHeadersFactory.trailersFactory());
        HttpHeaders h = r.headers();
        h.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
        h.set(HttpHeaderNames.DATE, DateHeader.now());
        h.set(HttpHeaderNames.SERVER, cfg.serverName);
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        closing = true;
        needsFlush = false;
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    void resume(int reason) {
        if ((paused & reason) == 0) {
            return;
        }
        paused &= ~reason;
        if (paused == 0 && !closing) {
            channel.config().setAutoRead(true);
        }
    }

    /** Closes once everything written so far is flushed. */
    @Override
    void closeAfterFlush() {
        if (closing) {
            return;
        }
        closing = true;
        needsFlush = false;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    void reset() {
        closeAfterFlush();
    }

    /** Switches the connection to a raw byte tunnel for {@code stream} (after a 101 response). */
    @Override
    void startTunnel(HttpStream stream) {
        active = null;
        tunnel = stream;
        resume(PAUSE_PIPELINE | PAUSE_CONNECTING);
        if (channel.pipeline().get(CODEC) != null) {
            channel.pipeline().remove(CODEC);
        }
        if (queued != null) {
            // Bytes the codec parsed as pipelined requests belonged to the new protocol; they cannot be recovered.
            Object m;
            while ((m = queued.poll()) != null) {
                ReferenceCountUtil.release(m);
            }
        }
    }

    /** The current stream finished: close, or move on to the next pipelined request. */
    @Override
    void streamDone(HttpStream s) {
        if (s == tunnel) {
            tunnel = null;
            closeAfterFlush();
            return;
        }
        if (s != active) {
            return;
        }
        active = null;
        resume(PAUSE_UPSTREAM | PAUSE_CONNECTING);
        // keepAlive already reflects draining as of the response head: a response sent without "connection: close"
        // leaves the connection open (its next response closes it), so a drain starting in between cannot close it
        // under a client that was promised keep-alive.
        if (!s.keepAlive || closeAfterResponse) {
            if (cfg.draining()) {
                cfg.stats.cxDrainClose.inc();
            }
            closeAfterFlush();
            return;
        }
        processQueue();
    }

    /**
     * The connection turned out to be HTTP/2 before any request: this handler leaves the pipeline, and the HTTP/2
     * connection takes over the connection-level stats it counted (total, active).
     */
    void handOver() {
        closing = true;
        ScheduledFuture<?> t = timer;
        if (t != null) {
            timer = null;
            t.cancel(false);
        }
    }

    /** Draining: close now when idle, else after the current response. Runs on this connection's loop. */
    public void drain() {
        closeAfterResponse = true;
        if (active == null && tunnel == null) {
            closeAfterFlush();
        }
    }

    /** Whether a request is in progress (for graceful shutdown). */
    public boolean busy() {
        return active != null || tunnel != null;
    }

    // ------------------------------------------------------------------ timers

    /** The connection timer: stream idle, connection idle and max connection duration. */
    @Override
    public void run() {
        timer = null;
        timerDeadlineNanos = Long.MAX_VALUE;
        if (closing || !channel.isActive()) {
            return;
        }
        long now = System.nanoTime();
        long idleMs = TimeUnit.NANOSECONDS.toMillis(now - lastActivityNanos);
        HttpStream s = tunnel != null ? tunnel : active;
        if (s != null && s.timeoutDeadlineNanos() != 0 && now >= s.timeoutDeadlineNanos()) {
            s.onRouteTimeout();
            if (closing) {
                return;
            }
            s = tunnel != null ? tunnel : active;
        }
        if (s != null) {
            long t = s.idleTimeoutMillis();
            if (t > 0 && idleMs >= t) {
                s.onIdleTimeout();
                if (closing) {
                    return;
                }
            }
        } else if (headStartNanos != 0 && cfg.requestHeadersTimeoutMillis > 0
                && TimeUnit.NANOSECONDS.toMillis(now - headStartNanos) >= cfg.requestHeadersTimeoutMillis) {
            onRequestHeadersTimeout();
            return;
        } else if (cfg.idleTimeoutMillis > 0 && idleMs >= cfg.idleTimeoutMillis) {
            cfg.stats.cxIdleTimeout.inc();
            closeAfterFlush();
            return;
        }
        if (cfg.maxConnectionDurationMillis > 0
                && TimeUnit.NANOSECONDS.toMillis(now - createdNanos) >= cfg.maxConnectionDurationMillis) {
            drain();
            if (closing) {
                return;
            }
        }
        armTimer(nextTimeoutMillis());
    }

    private long nextTimeoutMillis() {
        long now = System.nanoTime();
        long idleMs = TimeUnit.NANOSECONDS.toMillis(now - lastActivityNanos);
        long next = Long.MAX_VALUE;
        HttpStream s = tunnel != null ? tunnel : active;
        long t = s != null ? s.idleTimeoutMillis() : cfg.idleTimeoutMillis;
        if (t > 0) {
            next = Math.max(1, t - idleMs);
        }
        if (cfg.maxConnectionDurationMillis > 0) {
            long left = cfg.maxConnectionDurationMillis - TimeUnit.NANOSECONDS.toMillis(now - createdNanos);
            next = Math.min(next, Math.max(1, left));
        }
        if (s == null && headStartNanos != 0) {
            long left = cfg.requestHeadersTimeoutMillis - TimeUnit.NANOSECONDS.toMillis(now - headStartNanos);
            next = Math.min(next, Math.max(1, left));
        }
        if (s == null && cfg.streamIdleTimeoutMillis > 0) {
            // A request may start any time; keep the check period no longer than the stream idle timeout.
            next = Math.min(next, cfg.streamIdleTimeoutMillis);
        }
        if (s != null && s.timeoutDeadlineNanos() != 0) {
            next = Math.min(next, Math.max(1, TimeUnit.NANOSECONDS.toMillis(s.timeoutDeadlineNanos() - now) + 1));
        }
        return next;
    }

    /** Makes sure the timer runs no later than {@code deadlineNanos} (a stream's route timeout). */
    @Override
    void checkBy(long deadlineNanos) {
        if (deadlineNanos < timerDeadlineNanos && !closing) {
            armTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()) + 1));
        }
    }

    private void armTimer(long delayMillis) {
        if (delayMillis == Long.MAX_VALUE) {
            return;
        }
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        timerDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        timer = channel.eventLoop().schedule(this, delayMillis, TimeUnit.MILLISECONDS);
    }
}
