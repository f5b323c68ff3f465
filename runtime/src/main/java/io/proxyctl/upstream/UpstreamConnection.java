package io.proxyctl.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * What an HTTP stream sends its request on and receives its response from: one upstream HTTP/1.1 connection (this
 * class, the last handler of its pipeline) or one HTTP/2 stream ({@link Http2UpstreamStream}, a stream of an
 * {@link Http2UpstreamConnection}). While bound to an owner it hands every inbound event to
 * {@link UpstreamCallbacks}; while idle in its {@link HostPool} any inbound data or close makes it leave the pool.
 */
public class UpstreamConnection extends ChannelInboundHandlerAdapter {
    final HostPool pool;
    Channel channel;
    private UpstreamCallbacks owner;
    private Throwable cause;
    private boolean closed;
    private boolean closedLocally;
    private int requests;
    private long activeNanos;
    private boolean closedWithActiveRequest;
    long idleSinceNanos;

    UpstreamConnection(HostPool pool) {
        this.pool = pool;
    }

    /** The connection's channel (for an HTTP/2 stream, the connection it is multiplexed on): what to flush. */
    public Channel channel() {
        return channel;
    }

    /** Writes a request message (head, content, or raw bytes of a tunnel) without flushing. */
    public void write(Object msg) {
        channel.write(msg, channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    /** False while writes queue beyond the connection's (or the stream's flow-control) limit. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    public Host host() {
        return pool.host();
    }

    /** Binds the connection to a stream; counts a request on it. */
    public void bind(UpstreamCallbacks callbacks) {
        this.owner = callbacks;
        requests++;
    }

    /**
     * Unbinds and returns the connection to its pool when {@code reusable}, else closes it. Must be called with
     * reading enabled state restored by the caller.
     */
    public void release(boolean reusable) {
        owner = null;
        int max = pool.cluster().config().http().maxRequestsPerConnection();
        if (reusable && max > 0 && requests >= max) {
            pool.cluster().stats().upstreamCxMaxRequests.inc();
            reusable = false;
        }
        if (!reusable || closed || !channel.isActive()) {
            close();
            return;
        }
        if (!channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
        pool.release(this);
    }

    /** Starts or stops reading responses (back-pressure from a slow client). */
    public void setAutoRead(boolean autoRead) {
        channel.config().setAutoRead(autoRead);
    }

    /** Unbinds and closes. */
    public void close() {
        if (owner != null) {
            closedWithActiveRequest = true;
        }
        owner = null;
        closedLocally = true;
        if (channel != null) {
            channel.close();
        }
    }

    boolean usable() {
        return !closed && channel != null && channel.isActive();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        activeNanos = System.nanoTime();
        pool.host().cxActive.increment();
        pool.cluster().stats().upstreamCxActive.inc();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamCallbacks o = owner;
        if (o != null) {
            o.onUpstreamMessage(msg);
        } else {
            // Data on an idle connection (or after the exchange ended): the connection is not reusable.
            ReferenceCountUtil.release(msg);
            close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        UpstreamCallbacks o = owner;
        if (o != null) {
            o.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        UpstreamCallbacks o = owner;
        if (o != null) {
            o.onUpstreamWritabilityChanged(ctx.channel().isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        pool.host().cxActive.decrement();
        ClusterStats s = pool.cluster().stats();
        s.upstreamCxActive.dec();
        s.upstreamCxDestroy.inc();
        (closedLocally ? s.upstreamCxDestroyLocal : s.upstreamCxDestroyRemote).inc();
        if (activeNanos != 0) {
            s.upstreamCxLengthMs.record((System.nanoTime() - activeNanos) / 1_000_000);
        }
        UpstreamCallbacks o = owner;
        if (o != null || closedWithActiveRequest) {
            s.upstreamCxDestroyWithActiveRq.inc();
            (closedLocally ? s.upstreamCxDestroyLocalWithActiveRq : s.upstreamCxDestroyRemoteWithActiveRq).inc();
        }
        owner = null;
        if (o != null) {
            o.onUpstreamClosed(cause);
        } else {
            pool.remove(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
        if (cause == null) {
            cause = t;
        }
        ctx.close();
    }
}
