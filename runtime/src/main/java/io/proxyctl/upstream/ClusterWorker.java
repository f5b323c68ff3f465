package io.proxyctl.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;
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

    /**
     * Connects a raw byte-stream connection (no HTTP codec) to {@code host} on this loop, for the TCP proxy: TLS
     * first when the cluster has a transport socket, half-closure allowed, {@code handler} last. Counts the
     * cluster's connection stats; the returned future completes once the connection (and its TLS handshake) is
     * established, and fails with the connect or handshake error (already counted as a connect failure).
     */
    public ChannelFuture connectRaw(Host host, ChannelHandler handler) {
        ClusterStats stats = cluster.stats();
        stats.upstreamCxTotal.inc();
        host.cxTotal.increment();
        SslContext ssl = cluster.sslContext();
        String sni = cluster.sni();
        int connectMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, cluster.config().connectTimeout().toMillis()));
        Bootstrap b = bootstrap.clone().option(io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (ssl != null) {
                            SslHandler h = sni.isEmpty() ? ssl.newHandler(ch.alloc())
                                    : ssl.newHandler(ch.alloc(), sni, host.port());
                            h.setHandshakeTimeoutMillis(connectMillis);
                            ch.pipeline().addLast(HostPool.TLS, h);
                        }
                        ch.pipeline().addLast("tcp_proxy_upstream", handler);
                    }
                });
        long start = System.nanoTime();
        ChannelFuture connect = b.connect(host.address());
        io.netty.channel.ChannelPromise done = connect.channel().newPromise();
        connect.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                connectFailed(host, f.cause());
                done.tryFailure(f.cause());
                return;
            }
            SslHandler tls = f.channel().pipeline().get(SslHandler.class);
            if (tls == null) {
                connected(f.channel(), host, start);
                done.trySuccess();
                return;
            }
            tls.handshakeFuture().addListener(hs -> {
                if (hs.isSuccess()) {
                    connected(f.channel(), host, start);
                    done.trySuccess();
                } else {
                    f.channel().close();
                    connectFailed(host, hs.cause());
                    done.tryFailure(hs.cause());
                }
            });
        });
        return done;
    }

    private void connected(Channel ch, Host host, long startNanos) {
        ClusterStats stats = cluster.stats();
        stats.upstreamCxConnectMs.record(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        stats.upstreamCxActive.inc();
        host.cxActive.increment();
        ch.closeFuture().addListener(x -> {
            stats.upstreamCxActive.dec();
            stats.upstreamCxDestroy.inc();
            host.cxActive.decrement();
        });
    }

    private void connectFailed(Host host, Throwable cause) {
        ClusterStats stats = cluster.stats();
        stats.upstreamCxConnectFail.inc();
        host.cxConnectFail.increment();
        if (cause instanceof ConnectTimeoutException) {
            stats.upstreamCxConnectTimeout.inc();
        }
    }

    /** A host for the request, or null (no healthy upstream). */
    public Host chooseHost(LoadBalancerContext ctx) {
        return lb.chooseHost(ctx);
    }
}
