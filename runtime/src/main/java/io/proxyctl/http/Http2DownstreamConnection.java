package io.proxyctl.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.concurrent.ScheduledFuture;
import io.proxyctl.config.model.Http2Options;
import io.proxyctl.upstream.EndStreamCoalescer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The connection manager's handler for one downstream HTTP/2 connection (h2 by ALPN or h2c with prior knowledge),
 * after Netty's {@link Http2FrameCodec} and {@link Http2MultiplexHandler}. Each stream is a child channel running
 * an {@link Http2StreamHandler}; this handler owns what belongs to the connection: its stats, the count of open
 * streams (for draining and the idle timeout), the connection flow-control window, and GOAWAY on drain,
 * {@code max_requests_per_connection} and {@code max_connection_duration}.
 */
final class Http2DownstreamConnection extends ChannelDuplexHandler {
    /** The pipeline name of the frame codec. */
    static final String FRAME_CODEC = "h2";
    static final String MULTIPLEX = "h2-streams";
    // Stateless and @Sharable (the scheme it needs lives on the parent channel): one for all streams.
    private static final Http2StreamFrameToHttpObjectCodec STREAM_CODEC = new Http2StreamFrameToHttpObjectCodec(true, false);

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
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer().initialSettings(settings)
                .gracefulShutdownTimeoutMillis(Math.max(1, cfg.drainTimeoutMillis))
                .validateHeaders(true).build();
        Http2DownstreamConnection conn = new Http2DownstreamConnection(cfg, worker, counted);
        ChannelPipeline p = channel.pipeline();
        p.addLast(FRAME_CODEC, codec);
        p.addLast(MULTIPLEX, new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.pipeline().addLast(STREAM_CODEC, new EndStreamCoalescer(),
                        new Http2StreamHandler(conn));
            }
        }));
        p.addLast("hcm", conn);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
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
        Http2Connection c = ctx.pipeline().get(Http2FrameCodec.class).connection();
        int grow = cfg.http2.initialConnectionWindowSize() - c.local().flowController().windowSize(c.connectionStream());
        if (grow > 0) {
            ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(grow), ctx.voidPromise());
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
