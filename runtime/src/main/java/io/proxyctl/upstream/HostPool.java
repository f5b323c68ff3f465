package io.proxyctl.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The keep-alive connections to one host on one event loop for one routing priority (as Envoy keeps a pool per
 * priority, each counted against that priority's circuit breakers). Confined to that loop: no locks. Idle
 * connections are reused last-in first-out and closed after the cluster's idle timeout.
 */
public final class HostPool {
    /** The name of the HTTP codec in upstream pipelines (removed after a protocol upgrade). */
    public static final String CODEC = "codec";
    static final String TLS = "tls";

    private final Host host;
    private final ClusterWorker worker;
    private final CircuitBreakerState breakers; // of the routing priority this pool serves
    private final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();
    private ArrayDeque<UpstreamCallbacks> waiters; // pending requests queued behind max_connections
    private Http2HostPool h2; // created on the first HTTP/2 request
    private int connections; // open or connecting, on this loop
    private boolean sweepScheduled;

    HostPool(Host host, ClusterWorker worker, CircuitBreakerState breakers) {
        this.host = host;
        this.worker = worker;
        this.breakers = breakers;
    }

    Host host() {
        return host;
    }

    UpstreamCluster cluster() {
        return worker.cluster();
    }

    /** An idle, open connection bound to {@code owner}, or null when a new one must be connected. */
    public UpstreamConnection acquireIdle(UpstreamCallbacks owner) {
        UpstreamConnection c;
        while ((c = idle.pollLast()) != null) {
            if (c.usable()) {
                c.bind(owner);
                return c;
            }
            c.close();
        }
        return null;
    }

    /** A new stream on an HTTP/2 connection of this pool with room, bound to {@code owner}, or null. */
    public UpstreamConnection acquireStream(UpstreamCallbacks owner) {
        return h2 == null ? null : h2.acquire(owner);
    }

    /** {@link #connect} for HTTP/2: attaches {@code owner} to a connection being set up, or sets one up. */
    public boolean connectStream(UpstreamCallbacks owner) {
        if (h2 == null) {
            h2 = new Http2HostPool(this, worker);
        }
        return h2.connect(owner);
    }

    /** HTTP/2 connections of this pool, open or connecting (tests, admin). */
    public int http2ConnectionCount() {
        return h2 == null ? 0 : h2.connectionCount();
    }

    /**
     * Finds {@code owner} a connection when no idle one was available: connects a new one or, at the cluster's
     * {@code max_connections} or the host's per-host {@code max_connections}, queues it until a connection of
     * this pool frees up. The owner is a pending
     * request until then and is told the outcome on this loop. False (and nothing happens) when the pending
     * requests are at {@code max_pending_requests}: the caller answers overflow.
     */
    public boolean connect(UpstreamCallbacks owner) {
        CircuitBreakerState cb = breakers;
        if (!cb.pending().tryAcquire()) {
            return false;
        }
        if (hostHasRoom() && cb.connections().tryAcquire()) {
            open(owner);
            return true;
        }
        worker.cluster().stats().upstreamCxOverflow.inc();
        if (connections == 0) {
            // At the limit because of other hosts or loops: a pool without connections could never serve its queue.
            cb.connections().forceAcquire();
            open(owner);
            return true;
        }
        if (waiters == null) {
            waiters = new ArrayDeque<>();
        }
        waiters.add(owner);
        return true;
    }

    /**
     * The owner gave up while pending (timeout, client gone, retry). True when it was still queued and will hear
     * nothing more; false when a connect for it is under way and will still report to it.
     */
    public boolean cancel(UpstreamCallbacks owner) {
        if (h2 != null && h2.cancel(owner)) {
            return true;
        }
        if (waiters != null && waiters.remove(owner)) {
            breakers.pending().release();
            return true;
        }
        return false;
    }

    /** Opens a connection for {@code owner}; holds one unit of the connection breaker until the channel closes. */
    private void open(UpstreamCallbacks owner) {
        UpstreamCluster cluster = worker.cluster();
        ClusterStats stats = cluster.stats();
        connections++;
        host.poolConnections.incrementAndGet();
        stats.upstreamCxTotal.inc();
        stats.upstreamCxHttp1Total.inc();
        host.cxTotal.increment();
        UpstreamConnection conn = new UpstreamConnection(this);
        SslContext ssl = cluster.sslContext();
        String sni = cluster.sni();
        int connectMillis = (int) Math.min(Integer.MAX_VALUE, cluster.config().connectTimeout().toMillis());
        Bootstrap b = worker.bootstrap().clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ChannelPipeline p = ch.pipeline();
                if (ssl != null) {
                    SslHandler h = sni.isEmpty() ? ssl.newHandler(ch.alloc())
                            : ssl.newHandler(ch.alloc(), sni, host.port());
                    h.setHandshakeTimeoutMillis(connectMillis);
                    p.addLast(TLS, h);
                }
                HttpDecoderConfig cfg = new HttpDecoderConfig().setMaxHeaderSize(60 * 1024).setMaxChunkSize(64 * 1024)
                        .setMaxInitialLineLength(16 * 1024)
                        // The router checks each response head once (http.HeaderCheck) instead of every insert.
                        .setHeadersFactory(io.netty.handler.codec.http.DefaultHttpHeadersFactory.headersFactory()
                                .withValidation(false))
                        .setTrailersFactory(TrailerHeaders.FACTORY);
                p.addLast(CODEC, new HttpClientCodec(cfg, false, false));
                p.addLast("upstream", conn);
            }
        });
        long start = System.nanoTime();
        ChannelFuture f = b.connect(host.address());
        f.channel().closeFuture().addListener(x -> connectionClosed());
        f.addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                failed(owner, future.cause());
                return;
            }
            SslHandler tls = future.channel().pipeline().get(SslHandler.class);
            if (tls == null) {
                connected(conn, owner, start);
                return;
            }
            tls.handshakeFuture().addListener(hs -> {
                if (!hs.isSuccess()) {
                    future.channel().close();
                    failed(owner, hs.cause());
                } else if ("h2".equals(tls.applicationProtocol())) {
                    future.channel().close();
                    failed(owner, new IllegalStateException("upstream negotiated h2 by ALPN; only HTTP/1.1 is supported"));
                } else {
                    connected(conn, owner, start);
                }
            });
        });
    }

    private void connectionClosed() {
        connections--;
        host.poolConnections.decrementAndGet();
        CircuitBreakerState cb = breakers;
        cb.connections().release();
        if (waiters == null || waiters.isEmpty()) {
            return;
        }
        if (hostHasRoom() && cb.connections().tryAcquire()) {
            open(waiters.poll());
        } else if (connections == 0) {
            cb.connections().forceAcquire();
            open(waiters.poll());
        }
    }

    /** The circuit breakers of the routing priority this pool serves. */
    CircuitBreakerState breakers() {
        return breakers;
    }

    /** Envoy's {@code canCreateConnection}: the host's connections are under the per-host max_connections. */
    boolean hostHasRoom() {
        return host.poolConnections.get() < breakers.limits().maxConnectionsPerHost();
    }

    private void connected(UpstreamConnection conn, UpstreamCallbacks owner, long startNanos) {
        breakers.pending().release();
        worker.cluster().stats().upstreamCxConnectMs.record(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        conn.bind(owner);
        owner.onUpstreamReady(conn);
    }

    private void failed(UpstreamCallbacks owner, Throwable cause) {
        breakers.pending().release();
        ClusterStats stats = worker.cluster().stats();
        stats.upstreamCxConnectFail.inc();
        host.cxConnectFail.increment();
        boolean timeout = isTimeout(cause);
        if (timeout) {
            stats.upstreamCxConnectTimeout.inc();
        }
        owner.onUpstreamConnectFailure(timeout ? UpstreamCallbacks.ConnectFailure.TIMEOUT
                : UpstreamCallbacks.ConnectFailure.CONNECTION_FAILURE, describe(cause));
    }

    static boolean isTimeout(Throwable cause) {
        return cause instanceof ConnectTimeoutException
                || cause instanceof javax.net.ssl.SSLException && String.valueOf(cause.getMessage()).contains("timed out");
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    void release(UpstreamConnection c) {
        if (waiters != null && !waiters.isEmpty()) {
            UpstreamCallbacks next = waiters.poll();
            breakers.pending().release();
            c.bind(next);
            next.onUpstreamReady(c);
            return;
        }
        if (worker.cluster().stopped()) {
            // A reload replaced or removed the cluster: its connections close as their requests end.
            c.close();
            return;
        }
        c.idleSinceNanos = System.nanoTime();
        idle.addLast(c);
        long idleMillis = worker.cluster().config().http().idleTimeout().toMillis();
        if (idleMillis > 0 && !sweepScheduled) {
            sweepScheduled = true;
            worker.loop().schedule(this::sweep, idleMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        sweepScheduled = false;
        long idleNanos = worker.cluster().config().http().idleTimeout().toNanos();
        long now = System.nanoTime();
        long nextDue = Long.MAX_VALUE;
        for (UpstreamConnection c : idle.toArray(new UpstreamConnection[0])) {
            long age = now - c.idleSinceNanos;
            if (age >= idleNanos) {
                idle.remove(c);
                worker.cluster().stats().upstreamCxIdleTimeout.inc();
                c.close();
            } else {
                nextDue = Math.min(nextDue, idleNanos - age);
            }
        }
        if (nextDue != Long.MAX_VALUE) {
            sweepScheduled = true;
            worker.loop().schedule(this::sweep, nextDue, TimeUnit.NANOSECONDS);
        }
    }

    void remove(UpstreamConnection c) {
        idle.remove(c);
    }

    void closeIdle() {
        if (h2 != null) {
            h2.closeIdle();
        }
        UpstreamConnection c;
        while ((c = idle.pollLast()) != null) {
            c.close();
        }
    }

    /** Idle connections in this pool (tests, admin). */
    public int idleCount() {
        return idle.size();
    }
}
