package io.proxyctl.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2LocalFlowController;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.proxyctl.config.model.Http2Options;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One multiplexed HTTP/2 connection to a host: the handler after Netty's {@link Http2ConnectionHandler}, whose
 * frame listener it is. Owns the connection's stats, its stream count against the concurrency limit (the
 * smaller of the cluster's {@code max_concurrent_streams} and the server's SETTINGS), GOAWAY handling, the idle
 * timeout, and the requests waiting for it to become ready. Each request gets an {@link Http2UpstreamStream}, a
 * plain object kept as a property of Netty's stream; frames are dispatched to it here (no child channels), and
 * the streams that got frames in a read hear of its completion once.
 */
final class Http2UpstreamConnection extends ChannelDuplexHandler {
    static final String CODEC = "h2";
    private final HostPool pool;
    private final Http2HostPool h2pool;
    private final long localMaxStreams;
    private final int maxRequests;
    private Channel channel;
    private ChannelHandlerContext codecCtx;
    private Http2ConnectionHandler codec;
    private Http2Connection.PropertyKey streamKey;
    private String scheme = "http";
    final ArrayDeque<UpstreamCallbacks> waiting = new ArrayDeque<>(4); // attached while connecting
    private final ArrayList<Http2UpstreamStream> heldHeads = new ArrayList<>(4);
    private final ArrayList<Http2UpstreamStream> readStreams = new ArrayList<>(8);
    private long remoteMaxStreams = Long.MAX_VALUE;
    private boolean ready;
    private boolean goingAway;
    private boolean closed;
    private boolean closedLocally;
    private int activeStreams;
    private int lostStreams; // streams still open when the connection closed
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

    /** The client codec for this connection, with this connection as its frame listener. */
    Http2ConnectionHandler newCodec(Http2Options o) {
        return new Http2ConnectionHandlerBuilder().connection(Http2Messages.newConnection(false))
                .headerSensitivityDetector(Http2Messages.UNIQUE_VALUES)
                .initialSettings(Http2Settings.defaultSettings().initialWindowSize(o.initialStreamWindowSize())
                        .pushEnabled(false))
                .validateHeaders(true).frameListener(new Frames()).build();
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
        long limit = Math.min(Math.min(localMaxStreams, remoteMaxStreams), idsLeft());
        return limit - activeStreams - (ready ? 0 : waiting.size());
    }

    // Client stream ids are odd and below 2^31: a long-lived busy connection runs out (hours at 100k req/s), and
    // is then replaced like one that received GOAWAY. Streams handed out but not yet on the wire still need an id.
    private long idsLeft() {
        int last = codec == null ? 0 : codec.connection().local().lastStreamCreated();
        return (Integer.MAX_VALUE - (long) last) / 2;
    }

    /**
     * Opens a stream bound to {@code owner}, or returns null when the stream could not be created (the caller
     * then treats it like any other connection problem).
     */
    UpstreamConnection openStream(UpstreamCallbacks owner) {
        Http2UpstreamStream stream = new Http2UpstreamStream(pool, this);
        activeStreams++;
        opened++;
        cancelIdleTimer();
        stream.bind(owner);
        return stream;
    }

    void streamClosed() {
        activeStreams--;
        if (closed || !channel.isActive()) {
            // The codec closes the streams of a closed connection before channelInactive reaches this handler.
            lostStreams++;
            return;
        }
        if (activeStreams == 0) {
            // GOAWAY, max_requests_per_connection used up, or a reload replaced or removed the cluster.
            if (goingAway || maxRequests > 0 && opened >= maxRequests || idsLeft() <= 0 || pool.cluster().stopped()) {
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

    // ------------------------------------------------------------------ for the streams

    /** Writes a request head on a new stream (not flushed); null when the stream could not be created. */
    Http2Stream writeHead(Http2UpstreamStream s, HttpRequest r, boolean endStream) {
        Http2Connection c = codec.connection();
        int id = c.local().incrementAndGetNextStreamId();
        if (id < 0 || closed) {
            goingAway = true; // ids used up (capacity() keeps this from happening) or closed: no new streams
            ReferenceCountUtil.release(r);
            return null;
        }
        Http2Headers headers = Http2Messages.requestHeaders(r, scheme);
        ReferenceCountUtil.release(r);
        codec.encoder().writeHeaders(codecCtx, id, headers, 0, endStream, codecCtx.newPromise());
        Http2Stream stream = c.stream(id);
        if (stream == null) {
            return null;
        }
        stream.setProperty(streamKey, s);
        return stream;
    }

    void writeContent(Http2Stream stream, HttpContent c) {
        Http2Messages.writeContent(codec.encoder(), codecCtx, stream.id(), c);
    }

    /** A stream holds its request head until the next write or flush (see {@link #flush}). */
    void headHeld(Http2UpstreamStream s) {
        heldHeads.add(s);
    }

    boolean isWritable(Http2Stream stream) {
        return codec.encoder().flowController().isWritable(stream);
    }

    void resetStream(Http2Stream stream) {
        codec.resetStream(codecCtx, stream.id(), Http2Error.CANCEL.code(), codecCtx.newPromise());
        channel.flush();
    }

    /** Returns {@code bytes} of a stream's received data to the server's windows. */
    void consumed(Http2Stream stream, int bytes) {
        try {
            if (codec.connection().local().flowController().consumeBytes(stream, bytes)) {
                channel.flush();
            }
        } catch (Http2Exception e) {
            codecCtx.fireExceptionCaught(e);
        }
    }

    // ------------------------------------------------------------------ channel events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        codecCtx = ctx.pipeline().context(CODEC);
        codec = (Http2ConnectionHandler) codecCtx.handler();
        scheme = ctx.pipeline().get(SslHandler.class) != null ? "https" : "http";
        Http2Connection c = codec.connection();
        streamKey = c.newKey();
        c.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                Http2UpstreamStream s = stream.getProperty(streamKey);
                if (s != null) {
                    s.closed();
                }
            }
        });
        codec.encoder().flowController().listener(stream -> {
            Http2UpstreamStream s = stream.getProperty(streamKey);
            if (s != null) {
                s.writabilityChanged(codec.encoder().flowController().isWritable(stream));
            }
        });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        activeNanos = System.nanoTime();
        pool.host().cxActive.increment();
        pool.cluster().stats().upstreamCxActive.inc();
        Http2Connection c = codec.connection();
        Http2LocalFlowController fc = c.local().flowController();
        int grow = pool.cluster().config().http().http2Options().initialConnectionWindowSize()
                - fc.windowSize(c.connectionStream());
        if (grow > 0) {
            try {
                fc.incrementWindowSize(c.connectionStream(), grow);
            } catch (Http2Exception e) {
                ctx.fireExceptionCaught(e);
            }
            ctx.flush();
        }
        ctx.fireChannelActive();
    }

    /** Writes the request heads held for coalescing, then flushes (the codec writes what the windows allow). */
    @Override
    public void flush(ChannelHandlerContext ctx) {
        ArrayList<Http2UpstreamStream> l = heldHeads;
        if (!l.isEmpty()) {
            for (int i = 0; i < l.size(); i++) {
                l.get(i).writeHeldHead();
            }
            l.clear();
        }
        ctx.flush();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ArrayList<Http2UpstreamStream> l = readStreams;
        for (int i = 0; i < l.size(); i++) {
            Http2UpstreamStream s = l.get(i);
            s.inReadBatch = false;
            s.readComplete();
        }
        l.clear();
        // The codec flushes this connection after this returns (WINDOW_UPDATEs, requests written meanwhile).
        ctx.fireChannelReadComplete();
    }

    private Http2UpstreamStream streamOf(int streamId) {
        Http2Stream stream = codec.connection().stream(streamId);
        Http2UpstreamStream s = stream == null ? null : stream.getProperty(streamKey);
        if (s != null && !s.inReadBatch) {
            s.inReadBatch = true;
            readStreams.add(s);
        }
        return s;
    }

    /** Frames decoded by the codec, dispatched to their streams; SETTINGS and GOAWAY are the connection's. */
    private final class Frames extends Http2FrameAdapter {
        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                boolean endOfStream) throws Http2Exception {
            Http2UpstreamStream s = streamOf(streamId);
            if (s != null) {
                s.onHeaders(headers, endOfStream);
            }
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                short weight, boolean exclusive, int padding, boolean endOfStream) throws Http2Exception {
            onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            int bytes = data.readableBytes() + padding;
            Http2UpstreamStream s = streamOf(streamId);
            return s == null ? bytes : s.onData(data, bytes, endOfStream);
        }

        @Override
        public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
            Http2UpstreamStream s = streamOf(streamId);
            if (s != null) {
                s.onReset(errorCode);
            }
        }

        @Override
        public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
            Long max = settings.maxConcurrentStreams();
            if (max != null) {
                remoteMaxStreams = max;
            }
            if (!ready) {
                ready = true;
                h2pool.connected(Http2UpstreamConnection.this);
            } else {
                h2pool.capacityFreed(Http2UpstreamConnection.this);
            }
        }

        @Override
        public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
            // Streams above the last stream id are closed by the codec (their owners hear of it); no new ones.
            goingAway = true;
            if (activeStreams == 0) {
                close();
            }
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
            if (activeStreams + lostStreams > 0) {
                s.upstreamCxDestroyWithActiveRq.inc();
                (closedLocally ? s.upstreamCxDestroyLocalWithActiveRq : s.upstreamCxDestroyRemoteWithActiveRq).inc();
            }
        }
        // Streams whose head never reached the wire have no Netty stream to be closed with the connection.
        ArrayList<Http2UpstreamStream> l = heldHeads;
        for (int i = 0; i < l.size(); i++) {
            l.get(i).closed();
        }
        l.clear();
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
}
