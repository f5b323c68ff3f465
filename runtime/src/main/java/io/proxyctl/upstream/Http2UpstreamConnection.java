package io.proxyctl.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One multiplexed HTTP/2 connection to a host, the last handler of its pipeline (after the frame codec and the
 * stream multiplexer). Owns the connection's stats, its stream count against the concurrency limit (the
 * smaller of the cluster's {@code max_concurrent_streams} and the server's SETTINGS), GOAWAY handling, the idle
 * timeout, and the requests waiting for it to become ready. Each request gets a stream: a child channel with
 * {@code Http2StreamFrameToHttpObjectCodec} and an {@link UpstreamConnection}, so the HTTP stream sees the same
 * messages as over HTTP/1.1.
 */
final class Http2UpstreamConnection extends ChannelInboundHandlerAdapter {
    // Stateless and @Sharable (the scheme it needs lives on the parent channel): one for all streams.
    private static final Http2StreamFrameToHttpObjectCodec STREAM_CODEC = new Http2StreamFrameToHttpObjectCodec(false, false);
    private static final ResponseAdapter RESPONSE_ADAPTER = new ResponseAdapter();
    private final HostPool pool;
    private final Http2HostPool h2pool;
    private final long localMaxStreams;
    private final int maxRequests;
    private Channel channel;
    final ArrayDeque<UpstreamCallbacks> waiting = new ArrayDeque<>(4); // attached while connecting
    private long remoteMaxStreams = Long.MAX_VALUE;
    private boolean ready;
    private boolean goingAway;
    private boolean closed;
    private boolean closedLocally;
    private int activeStreams;
    private int opened;
    private long activeNanos;
    private ScheduledFuture<?> idleTimer;
    private Throwable cause;

    Http2UpstreamConnection(HostPool pool, Http2HostPool h2pool) {
        this.pool = pool;
        this.h2pool = h2pool;
        this.localMaxStreams = pool.cluster().config().http().http2Options().maxConcurrentStreams();
        this.maxRequests = pool.cluster().config().http().maxRequestsPerConnection();
    }

    Channel channel() {
        return channel;
    }

    boolean ready() {
        return ready;
    }

    boolean closed() {
        return closed;
    }

    /** Streams this connection can still take (for those waiting while it connects, an estimate). */
    long capacity() {
        if (closed || goingAway || maxRequests > 0 && opened >= maxRequests) {
            return 0;
        }
        long limit = Math.min(localMaxStreams, remoteMaxStreams);
        return limit - activeStreams - (ready ? 0 : waiting.size());
    }

    /**
     * Opens a stream bound to {@code owner}, or returns null when the stream could not be created (the caller
     * then treats it like any other connection problem).
     */
    UpstreamConnection openStream(UpstreamCallbacks owner) {
        UpstreamConnection stream = new UpstreamConnection(pool, this);
        Future<Http2StreamChannel> f = new Http2StreamChannelBootstrap(channel)
                .handler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.pipeline().addLast(STREAM_CODEC, new EndStreamCoalescer(), RESPONSE_ADAPTER, stream);
                    }
                }).open();
        if (!f.isDone() || !f.isSuccess()) {
            // Opening on the connection's own loop completes at once; anything else is a broken connection.
            f.addListener(x -> {
                if (x.isSuccess()) {
                    ((Channel) x.getNow()).close();
                }
            });
            return null;
        }
        activeStreams++;
        opened++;
        cancelIdleTimer();
        stream.bind(owner);
        return stream;
    }

    void streamClosed() {
        activeStreams--;
        if (activeStreams == 0) {
            // GOAWAY, max_requests_per_connection used up, or a reload replaced or removed the cluster.
            if (goingAway || maxRequests > 0 && opened >= maxRequests || pool.cluster().stopped()) {
                close();
                return;
            }
            armIdleTimer();
        }
        h2pool.capacityFreed(this);
    }

    Throwable cause() {
        return cause;
    }

    /** Gives up on the connection with {@code t} as the reason its waiting requests are told. */
    void fail(Throwable t) {
        if (cause == null) {
            cause = t;
        }
        channel.close();
    }

    void closeIfIdle() {
        if (activeStreams == 0 && waiting.isEmpty()) {
            close();
        }
    }

    void close() {
        closedLocally = true;
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        activeNanos = System.nanoTime();
        pool.host().cxActive.increment();
        pool.cluster().stats().upstreamCxActive.inc();
        int grow = pool.cluster().config().http().http2Options().initialConnectionWindowSize()
                - Http2CodecUtil.DEFAULT_WINDOW_SIZE;
        if (grow > 0) {
            ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(grow), ctx.voidPromise());
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2SettingsFrame s) {
                Long max = s.settings().maxConcurrentStreams();
                if (max != null) {
                    remoteMaxStreams = max;
                }
                if (!ready) {
                    ready = true;
                    h2pool.connected(this);
                } else {
                    h2pool.capacityFreed(this);
                }
            } else if (msg instanceof Http2GoAwayFrame) {
                // Streams above the last stream id are reset by the codec (their owners see a reset); no new ones.
                goingAway = true;
                if (activeStreams == 0) {
                    close();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        cancelIdleTimer();
        ClusterStats s = pool.cluster().stats();
        if (activeNanos != 0) {
            pool.host().cxActive.decrement();
            s.upstreamCxActive.dec();
            s.upstreamCxDestroy.inc();
            (closedLocally ? s.upstreamCxDestroyLocal : s.upstreamCxDestroyRemote).inc();
            s.upstreamCxLengthMs.record((System.nanoTime() - activeNanos) / 1_000_000);
            if (activeStreams > 0) {
                s.upstreamCxDestroyWithActiveRq.inc();
                (closedLocally ? s.upstreamCxDestroyLocalWithActiveRq : s.upstreamCxDestroyRemoteWithActiveRq).inc();
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
        if (cause == null) {
            cause = t;
        }
        ctx.close();
    }

    private void armIdleTimer() {
        long idle = pool.cluster().config().http().idleTimeout().toMillis();
        if (idle > 0 && idleTimer == null && !closed) {
            idleTimer = channel.eventLoop().schedule(() -> {
                idleTimer = null;
                if (activeStreams == 0 && !closed) {
                    pool.cluster().stats().upstreamCxIdleTimeout.inc();
                    close();
                }
            }, idle, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelIdleTimer() {
        ScheduledFuture<?> t = idleTimer;
        if (t != null) {
            idleTimer = null;
            t.cancel(false);
        }
    }

    /**
     * Between the codec and the stream's {@link UpstreamConnection}: drops the codec's bookkeeping header, splits a
     * HEADERS-with-END_STREAM response into a head and an end as HTTP/1.1 delivers them, and turns a RST_STREAM
     * from the server into the error the HTTP stream reports as a remote reset.
     */
    @ChannelHandler.Sharable
    private static final class ResponseAdapter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpResponse r) {
                r.headers().remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
                if (msg instanceof FullHttpResponse full) {
                    ctx.fireChannelRead(new DefaultHttpResponse(full.protocolVersion(), full.status(), full.headers()));
                    ctx.fireChannelRead(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2ResetFrame rst) {
                ctx.fireExceptionCaught(new StreamResetException(rst.errorCode()));
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
