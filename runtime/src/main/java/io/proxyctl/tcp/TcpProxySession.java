package io.proxyctl.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.proxyctl.accesslog.AccessLogger;
import io.proxyctl.format.FormatContext;
import io.proxyctl.upstream.Host;
import io.proxyctl.upstream.UpstreamCluster;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One proxied connection: the last handler of the downstream pipeline. Holds reading until the upstream
 * connection (on the same event loop) is up, then relays bytes both ways. Back-pressure: a side stops reading
 * while its peer is not writable. Half-close: end of input on one side shuts the peer's output once everything
 * before it was written; the session ends when both directions have ended or either side closes. Confined to
 * the connection's event loop.
 */
final class TcpProxySession extends ChannelInboundHandlerAdapter implements FormatContext {
    private final TcpProxyConfig cfg;
    private final int worker;
    private final long startMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private Channel downstream;
    private Channel upstream;
    private UpstreamCluster cluster;
    private String clusterName;
    private Host host;
    private int attempts;
    private boolean started;
    private boolean ready;
    /** Bytes read before the upstream is up: epoll reads pending data on end of input even with autoRead off. */
    private final java.util.ArrayDeque<ByteBuf> early = new java.util.ArrayDeque<>();
    private boolean downstreamInputDone;
    private boolean upstreamInputDone;
    private boolean finished;
    private long rxBytes;
    private long txBytes;
    private long lastActivityNanos = startNanos;
    private long endNanos = -1;
    private String flags = "";
    private String failureReason;
    private ScheduledFuture<?> idleTimer;
    private String remoteAddress;
    private String localAddress;
    private String upstreamLocal;

    TcpProxySession(TcpProxyConfig cfg, int worker) {
        this.cfg = cfg;
        this.worker = worker;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        downstream = ctx.channel();
        if (downstream.isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        remoteAddress = format((InetSocketAddress) downstream.remoteAddress());
        localAddress = format((InetSocketAddress) downstream.localAddress());
        downstream.config().setAutoRead(false);
        cfg.stats.downstreamCxTotal.inc();
        downstream.closeFuture().addListener(f -> finish());
        int target = cfg.pick();
        cluster = target < 0 ? null : cfg.target(target);
        clusterName = target < 0 ? null : cfg.targetName(target);
        if (cluster == null) {
            cfg.stats.downstreamCxNoRoute.inc();
            flags = "NC";
            downstream.close();
            return;
        }
        connect();
    }

    private void connect() {
        attempts++;
        host = cluster.worker(worker).chooseHost(() -> 0L);
        if (host == null) {
            cluster.stats().upstreamCxNoneHealthy.inc();
            flags = "UH";
            downstream.close();
            return;
        }
        UpstreamSide side = new UpstreamSide();
        ChannelFuture f = cluster.worker(worker).connectRaw(host, side);
        upstream = f.channel();
        f.addListener((ChannelFutureListener) done -> {
            if (done.isSuccess()) {
                upstreamReady();
            } else {
                connectFailed(done.cause());
            }
        });
    }

    private void connectFailed(Throwable cause) {
        upstream = null;
        host.onLocalOriginFailure(false);
        failureReason = cause == null ? "unknown" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (!downstream.isActive()) {
            return;
        }
        if (attempts < cfg.config.maxConnectAttempts()) {
            connect();
            return;
        }
        if (cfg.config.maxConnectAttempts() > 1) {
            cfg.stats.upstreamCxConnectAttemptsExceeded.inc();
        }
        flags = "UF";
        downstream.close();
    }

    private void upstreamReady() {
        host.onConnectSuccessFinal();
        if (!downstream.isActive()) {
            upstream.close();
            return;
        }
        ready = true;
        upstreamLocal = format((InetSocketAddress) upstream.localAddress());
        upstream.config().setAutoRead(true);
        ByteBuf b;
        while ((b = early.poll()) != null) {
            upstream.write(b, upstream.voidPromise());
        }
        upstream.flush();
        if (downstreamInputDone) {
            shutdownOutputAfterWrites(upstream);
        } else {
            downstream.config().setAutoRead(true);
            downstream.read();
        }
        if (cfg.idleTimeoutNanos > 0) {
            idleTimer = downstream.eventLoop().schedule(this::checkIdle, cfg.idleTimeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void checkIdle() {
        long idle = System.nanoTime() - lastActivityNanos;
        if (idle >= cfg.idleTimeoutNanos) {
            cfg.stats.idleTimeout.inc();
            closeBoth();
        } else if (!finished) {
            idleTimer = downstream.eventLoop().schedule(this::checkIdle, cfg.idleTimeoutNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel up = upstream;
        if (finished || !(msg instanceof ByteBuf b)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int n = b.readableBytes();
        rxBytes += n;
        cfg.stats.downstreamCxRxBytesTotal.add(n);
        lastActivityNanos = System.nanoTime();
        if (!ready) {
            early.add(b);
            return;
        }
        up.write(b, up.voidPromise());
        if (!up.isWritable() && downstream.config().isAutoRead()) {
            downstream.config().setAutoRead(false);
            cfg.stats.downstreamFlowControlPausedReadingTotal.inc();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (ready) {
            upstream.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ready && !upstreamInputDone) {
            upstream.config().setAutoRead(downstream.isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // Not ChannelInputShutdownEvent: with epoll it can come while bytes paused by back-pressure are still
        // queued in the socket; ReadComplete comes once they were all read.
        if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
            downstreamInputDone = true;
            // Before the upstream is up the end of input is applied once it is (see upstreamReady).
            if (ready) {
                shutdownOutputAfterWrites(upstream);
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Channel up = upstream;
        if (up != null && up.isActive()) {
            ChannelOutboundBuffer out = up.unsafe().outboundBuffer();
            if (out != null && out.totalPendingWriteBytes() > 0) {
                // Envoy keeps flushing to the upstream after the downstream went away.
                cfg.stats.upstreamFlushTotal.inc();
                cfg.stats.upstreamFlushActive.inc();
                up.closeFuture().addListener(x -> cfg.stats.upstreamFlushActive.dec());
            }
            closeAfterWrites(up);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeBoth();
    }

    private void closeBoth() {
        downstream.close();
        if (upstream != null) {
            upstream.close();
        }
    }

    /** Shuts {@code ch}'s output once every write queued before now has been written; closes when both sides ended. */
    private void shutdownOutputAfterWrites(Channel ch) {
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (downstreamInputDone && upstreamInputDone) {
                ch.close();
                (ch == upstream ? downstream : upstream).close();
            } else if (ch instanceof DuplexChannel d && ch.isActive()) {
                d.shutdownOutput();
            } else {
                ch.close();
            }
        });
    }

    private static void closeAfterWrites(Channel ch) {
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        endNanos = System.nanoTime();
        ByteBuf b;
        while ((b = early.poll()) != null) {
            b.release();
        }
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        for (AccessLogger l : cfg.accessLogs) {
            l.log(this);
        }
    }

    /** The upstream end of the relay. */
    private final class UpstreamSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!downstream.isActive() || !(msg instanceof ByteBuf b)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            int n = b.readableBytes();
            txBytes += n;
            cfg.stats.downstreamCxTxBytesTotal.add(n);
            lastActivityNanos = System.nanoTime();
            downstream.write(b, downstream.voidPromise());
            if (!downstream.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            downstream.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (!downstreamInputDone) {
                boolean resume = ctx.channel().isWritable();
                if (resume && !downstream.config().isAutoRead()) {
                    cfg.stats.downstreamFlowControlResumedReadingTotal.inc();
                }
                downstream.config().setAutoRead(resume);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
                upstreamInputDone = true;
                shutdownOutputAfterWrites(downstream);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (downstream.isActive()) {
                closeAfterWrites(downstream);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failureReason == null) {
                failureReason = cause.getClass().getSimpleName();
            }
            ctx.close();
        }
    }

    // FormatContext: what the access log of a TCP connection can show.

    @Override
    public CharSequence requestHeader(String name) {
        return null;
    }

    @Override
    public CharSequence responseHeader(String name) {
        return null;
    }

    @Override
    public CharSequence responseTrailer(String name) {
        return null;
    }

    @Override
    public long startTimeMillis() {
        return startMillis;
    }

    @Override
    public long durationMillis() {
        return endNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
    }

    @Override
    public long requestDurationMillis() {
        return -1;
    }

    @Override
    public long responseDurationMillis() {
        return -1;
    }

    @Override
    public int responseCode() {
        return 0;
    }

    @Override
    public String responseFlags() {
        return flags;
    }

    @Override
    public String responseCodeDetails() {
        return null;
    }

    @Override
    public String upstreamHost() {
        return host == null ? null : host.addressString();
    }

    @Override
    public String upstreamCluster() {
        return clusterName;
    }

    @Override
    public String routeName() {
        return null;
    }

    @Override
    public long bytesReceived() {
        return rxBytes;
    }

    @Override
    public long bytesSent() {
        return txBytes;
    }

    @Override
    public String protocol() {
        return null;
    }

    @Override
    public String downstreamRemoteAddress() {
        return remoteAddress;
    }

    @Override
    public String downstreamDirectRemoteAddress() {
        return downstreamRemoteAddress();
    }

    @Override
    public String downstreamLocalAddress() {
        return localAddress;
    }

    @Override
    public String upstreamLocalAddress() {
        return upstreamLocal;
    }

    @Override
    public String upstreamTransportFailureReason() {
        return failureReason;
    }

    @Override
    public long connectionId() {
        return downstream.hashCode() & 0xffffffffL;
    }

    private static String format(InetSocketAddress a) {
        if (a == null || a.getAddress() == null) {
            return null;
        }
        String ip = a.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }
}
