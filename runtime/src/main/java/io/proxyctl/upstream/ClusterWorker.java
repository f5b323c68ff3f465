package io.proxyctl.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;

/**
 * A cluster's state on one event loop: its load balancer and the connect template whose channels live on this
 * loop (the downstream connection's loop, so a request never changes threads).
 */
public final class ClusterWorker {
    private final UpstreamCluster cluster;
    private final EventLoop loop;
    private final int index;
    private final LoadBalancer lb;
    private final Bootstrap bootstrap;

    ClusterWorker(UpstreamCluster cluster, EventLoop loop, int index) {
        this.cluster = cluster;
        this.loop = loop;
        this.index = index;
        this.lb = cluster.newLoadBalancer();
        Integer limit = cluster.config().perConnectionBufferLimitBytes();
        this.bootstrap = new Bootstrap().group(loop).channel(cluster.transport().socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, Math.max(1, cluster.config().connectTimeout().toMillis())));
        if (limit != null && limit > 0) {
            bootstrap.option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(Math.max(1, limit / 2), limit));
        }
    }

    public UpstreamCluster cluster() {
        return cluster;
    }

    public EventLoop loop() {
        return loop;
    }

    public int index() {
        return index;
    }

    Bootstrap bootstrap() {
        return bootstrap;
    }

    /** A host for the request, or null (no healthy upstream). */
    public Host chooseHost(LoadBalancerContext ctx) {
        return lb.chooseHost(ctx);
    }
}
