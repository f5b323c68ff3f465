package io.proxyctl.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2LocalFlowController;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.concurrent.ScheduledFuture;
import io.proxyctl.config.model.Http2Options;
import io.proxyctl.upstream.Http2Messages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The connection manager's handler for one downstream HTTP/2 connection (h2 by ALPN or h2c with prior knowledge),
 * after Netty's {@link Http2ConnectionHandler}, whose frame listener it is. Each stream is a plain
 * {@link Http2DownstreamStream} object kept as a property of Netty's stream (no child channel, no per-stream
 * pipeline); frames are dispatched to it here. This handler owns what belongs to the connection: its stats, the
 * count of open streams (for draining and the idle timeout), the connection flow-control window, the one flush
 * per batch of work, and GOAWAY on drain, {@code max_requests_per_connection} and {@code max_connection_duration}.
 */
final class Http2DownstreamConnection extends ChannelDuplexHandler {
    /** The pipeline name of the frame codec. */
    static final String FRAME_CODEC = "h2";

    final HcmConfig cfg;
    final int worker;
    final long id = DownstreamConnection.IDS.incrementAndGet();
    String remoteAddress;
    String remoteIp;
    String scheme = "http";
    String localAddress;
    private Channel channel;
    private boolean started;
    private final boolean counted; // downstream_cx_total/active already counted (an AUTO connection that switched)
    private boolean closing;
    private int activeStreams;
    private int requests;
    private long idleSinceNanos = System.nanoTime();
    private final long createdNanos = System.nanoTime();
    private ScheduledFuture<?> idleTimer;
    private Http2ConnectionHandler codec;
    private ChannelHandlerContext codecCtx;
    private Http2Connection.PropertyKey streamKey;
    private boolean inRead;
    private boolean flushScheduled;
    private final ArrayList<Channel> upstreamsToFlush = new ArrayList<>(2);
    private final Runnable flushTask = this::flushScheduled;
    private ScheduledFuture<?> streamTimer;
    private long streamTimerNanos = Long.MAX_VALUE;
    private final ArrayList<Http2DownstreamStream> due = new ArrayList<>(4);

    private Http2DownstreamConnection(HcmConfig cfg, int worker, boolean counted) {
        this.cfg = cfg;
        this.worker = worker;
        this.counted = counted;
    }

    /**
     * Adds the HTTP/2 codec, the stream multiplexer and the connection handler to {@code channel}.
     *
     * @param counted the connection is already counted in downstream_cx_total and _active
     */
    static void install(Channel channel, HcmConfig cfg, int worker, int maxHeaderBytes, boolean counted) {
        Http2Options o = cfg.http2;
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(o.maxConcurrentStreams())
                .initialWindowSize(o.initialStreamWindowSize())
                .maxHeaderListSize(maxHeaderBytes);
        Http2DownstreamConnection conn = new Http2DownstreamConnection(cfg, worker, counted);
        Http2ConnectionHandler codec = new Http2ConnectionHandlerBuilder().connection(Http2Messages.newConnection(true))
                .initialSettings(settings).headerSensitivityDetector(Http2Messages.UNIQUE_VALUES)
                .gracefulShutdownTimeoutMillis(Math.max(1, cfg.drainTimeoutMillis))
                .validateHeaders(true).frameListener(conn.new Frames()).build();
        ChannelPipeline p = channel.pipeline();
        p.addLast(FRAME_CODEC, codec);
        p.addLast("hcm", conn);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        codecCtx = ctx.pipeline().context(FRAME_CODEC);
        codec = (Http2ConnectionHandler) codecCtx.handler();
        Http2Connection c = codec.connection();
        streamKey = c.newKey();
        c.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                Http2DownstreamStream s = stream.getProperty(streamKey);
                if (s != null) {
                    s.closed();
                }
            }
        });
        codec.encoder().flowController().listener(stream -> {
            Http2DownstreamStream s = stream.getProperty(streamKey);
            if (s != null) {
                s.writabilityChanged(codec.encoder().flowController().isWritable(stream));
            }
        });
        if (channel.isRegistered() && channel.isActive()) {
            started(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        started(ctx);
        ctx.fireChannelActive();
    }

    private void started(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        remoteAddress = DownstreamConnection.format((InetSocketAddress) channel.remoteAddress());
        remoteIp = ForwardingHeaders.ipOf(remoteAddress);
        localAddress = DownstreamConnection.format((InetSocketAddress) channel.localAddress());
        scheme = io.proxyctl.network.TlsTerminatingFactory.terminatesTls(channel.pipeline()) ? "https" : "http";
        HcmStats s = cfg.stats;
        if (!counted) {
            s.cxTotal.inc();
            s.cxActive.inc();
        }
        s.cxHttp2Total.inc();
        s.cxHttp2Active.inc();
        // The connection window is not a SETTINGS parameter: it grows by a WINDOW_UPDATE on stream 0. Netty's server
        // codec already raised it to twice the stream window; only grow it further when configured larger.
        Http2Connection c = codec.connection();
        Http2LocalFlowController fc = c.local().flowController();
        int grow = cfg.http2.initialConnectionWindowSize() - fc.windowSize(c.connectionStream());
        if (grow > 0) {
            try {
                fc.incrementWindowSize(c.connectionStream(), grow);
            } catch (Http2Exception e) {
                ctx.fireExceptionCaught(e);
            }
            codecCtx.flush();
        }
        armIdleTimer();
        if (cfg.maxConnectionDurationMillis > 0) {
            channel.eventLoop().schedule(() -> {
                if (!closing && channel.isActive()) {
                    drain();
                }
            }, cfg.maxConnectionDurationMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        boolean local = closing;
        closing = true;
        HcmStats st = cfg.stats;
        st.cxActive.dec();
        st.cxHttp2Active.dec();
        st.cxDestroy.inc();
        (local ? st.cxDestroyLocal : st.cxDestroyRemote).inc();
        if (activeStreams > 0) {
            st.cxDestroyActiveRq.inc();
            (local ? st.cxDestroyLocalActiveRq : st.cxDestroyRemoteActiveRq).inc();
        }
        st.cxLengthMs.record(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdNanos));
        ScheduledFuture<?> t = idleTimer;
        if (t != null) {
            t.cancel(false);
        }
        t = streamTimer;
        if (t != null) {
            streamTimer = null;
            t.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            if (cause instanceof Http2Exception || cause.getCause() instanceof Http2Exception) {
                cfg.stats.cxProtocolError.inc();
            }
            closing = true;
        }
        ctx.close();
    }

    // The codec hands decoded frames to Frames, never down the pipeline: a read batch starts with the first frame
    // for a stream (inRead) and ends here.
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inRead = false;
        flushUpstreams();
        // The codec flushes this connection after this returns (its channelReadComplete wraps the pipeline's).
        ctx.fireChannelReadComplete();
    }

    /**
     * Frames decoded by the codec: headers open a stream or end it with trailers, data goes to its stream; the
     * stream's end (either way, reset included) comes from the connection listener installed in handlerAdded.
     */
    private final class Frames extends Http2FrameAdapter {
        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                boolean endOfStream) throws Http2Exception {
            inRead = true;
            Http2Stream stream = codec.connection().stream(streamId);
            if (stream == null) {
                return;
            }
            Http2DownstreamStream s = stream.getProperty(streamKey);
            if (s == null) {
                HttpRequest req = Http2Messages.request(streamId, headers, endOfStream);
                s = new Http2DownstreamStream(Http2DownstreamConnection.this, stream);
                stream.setProperty(streamKey, s);
                s.start(req, endOfStream);
            } else {
                s.trailers(headers);
            }
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                short weight, boolean exclusive, int padding, boolean endOfStream) throws Http2Exception {
            onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
                boolean endOfStream) {
            inRead = true;
            int bytes = data.readableBytes() + padding;
            Http2Stream stream = codec.connection().stream(streamId);
            Http2DownstreamStream s = stream == null ? null : stream.getProperty(streamKey);
            return s == null ? bytes : s.data(data, bytes, endOfStream);
        }
    }

    // ------------------------------------------------------------------ for the streams

    /** Writes a stream's head or trailers (not flushed). */
    void writeHeaders(Http2Stream stream, Http2Headers headers, boolean endStream) {
        codec.encoder().writeHeaders(codecCtx, stream.id(), headers, 0, endStream, codecCtx.newPromise());
    }

    /** Writes a stream's body content and end (not flushed; queued by the flow controller beyond the window). */
    void writeContent(Http2Stream stream, io.netty.handler.codec.http.HttpContent c) {
        Http2Messages.writeContent(codec.encoder(), codecCtx, stream.id(), c);
    }

    /** RST_STREAM (CANCEL) for {@code stream}, after what was written before; other streams are not affected. */
    void resetStream(Http2Stream stream) {
        try {
            // What fits the window leaves first: a reset cancels whatever the flow controller still holds.
            codec.encoder().flowController().writePendingBytes();
        } catch (Http2Exception e) {
            codecCtx.fireExceptionCaught(e);
        }
        codec.resetStream(codecCtx, stream.id(), io.netty.handler.codec.http2.Http2Error.CANCEL.code(),
                codecCtx.newPromise());
        requestFlush();
    }

    /** Returns {@code bytes} of a stream's received data to the client's flow-control windows. */
    void consumed(Http2Stream stream, int bytes) {
        try {
            if (codec.connection().local().flowController().consumeBytes(stream, bytes)) {
                requestFlush();
            }
        } catch (Http2Exception e) {
            codecCtx.fireExceptionCaught(e);
        }
    }

    boolean isWritable(Http2Stream stream) {
        Http2RemoteFlowController fc = codec.encoder().flowController();
        return fc.isWritable(stream);
    }

    Http2ConnectionEncoder encoder() {
        return codec.encoder();
    }

    /**
     * One flush for everything written while handling a read (the codec flushes after it) or a batch of
     * upstream responses (a task after the current batch of I/O on this loop): not one write per stream.
     */
    void requestFlush() {
        if (inRead || flushScheduled) {
            return;
        }
        flushScheduled = true;
        channel.eventLoop().execute(flushTask);
    }

    private void flushScheduled() {
        flushScheduled = false;
        codec.flush(codecCtx);
    }

    /** An upstream channel written during this read batch: flushed once at its end. */
    void flushUpstreamLater(Channel upstream) {
        if (!inRead) {
            upstream.flush();
            return;
        }
        ArrayList<Channel> l = upstreamsToFlush;
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i) == upstream) {
                return;
            }
        }
        l.add(upstream);
    }

    private void flushUpstreams() {
        ArrayList<Channel> l = upstreamsToFlush;
        for (int i = 0; i < l.size(); i++) {
            l.get(i).flush();
        }
        l.clear();
    }

    Channel channel() {
        return channel;
    }

    /**
     * Makes the connection's stream timer run no later than {@code deadlineNanos}. Streams of a connection have
     * similar timeouts, so a new stream's deadline is rarely the earliest: most requests schedule nothing.
     */
    void timerAt(long deadlineNanos) {
        if (deadlineNanos >= streamTimerNanos) {
            return;
        }
        ScheduledFuture<?> t = streamTimer;
        if (t != null) {
            t.cancel(false);
        }
        streamTimerNanos = deadlineNanos;
        streamTimer = channel.eventLoop().schedule(this::runStreamTimers,
                Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void runStreamTimers() {
        streamTimer = null;
        streamTimerNanos = Long.MAX_VALUE;
        if (!channel.isActive()) {
            return;
        }
        long now = System.nanoTime();
        long[] next = {Long.MAX_VALUE};
        // Collected first: a timeout may end streams, which changes the set being visited.
        try {
            codec.connection().forEachActiveStream(st -> {
                Http2DownstreamStream s = st.getProperty(streamKey);
                if (s != null) {
                    long d = s.timerDeadlineNanos();
                    if (d <= now) {
                        due.add(s);
                    } else if (d < next[0]) {
                        next[0] = d;
                    }
                }
                return true;
            });
        } catch (Http2Exception e) {
            codecCtx.fireExceptionCaught(e); // not thrown by this visitor
        }
        for (int i = 0; i < due.size(); i++) {
            due.get(i).timerDue();
        }
        due.clear();
        if (next[0] != Long.MAX_VALUE) {
            timerAt(next[0]);
        }
    }

    void streamStarted() {
        activeStreams++;
        if (cfg.maxRequestsPerConnection > 0 && ++requests >= cfg.maxRequestsPerConnection && !closing) {
            // max_requests_per_connection: GOAWAY now; this and the other open streams still finish.
            drain();
        }
    }

    void streamEnded() {
        if (--activeStreams == 0) {
            idleSinceNanos = System.nanoTime();
        }
        if (cfg.draining() && !closing) {
            // Draining or failing health checks: no new streams on this connection (GOAWAY), finish the open ones.
            cfg.stats.cxDrainClose.inc();
            drain();
        }
    }

    /** Sends GOAWAY and closes once the open streams finished (or the drain timeout passed). */
    void drain() {
        closing = true;
        channel.close();
    }

    boolean busy() {
        return activeStreams > 0;
    }

    private void armIdleTimer() {
        if (cfg.idleTimeoutMillis > 0 && !closing) {
            idleTimer = channel.eventLoop().schedule(this::checkIdle, cfg.idleTimeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void checkIdle() {
        idleTimer = null;
        if (closing || !channel.isActive()) {
            return;
        }
        long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idleSinceNanos);
        if (activeStreams == 0 && idleMs >= cfg.idleTimeoutMillis) {
            cfg.stats.cxIdleTimeout.inc();
            drain();
            return;
        }
        long next = activeStreams == 0 ? cfg.idleTimeoutMillis - idleMs : cfg.idleTimeoutMillis;
        idleTimer = channel.eventLoop().schedule(this::checkIdle, Math.max(1, next), TimeUnit.MILLISECONDS);
    }
}
