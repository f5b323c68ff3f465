package io.proxyctl.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.proxyctl.config.model.Http2Options;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/2 connections to one host on one event loop (part of its {@link HostPool}, confined to that loop).
 * Streams go to the first ready connection with room; requests arriving while a connection is being set up
 * attach to it up to its expected concurrency, so a burst opens one connection, not one per request. Another
 * connection opens only when every connection is full, within the cluster's {@code max_connections}; beyond
 * that requests wait (pending) for a stream to end.
 */
final class Http2HostPool {
    private final HostPool pool;
    private final ClusterWorker worker;
    private final ArrayList<Http2UpstreamConnection> connections = new ArrayList<>(2);
    private ArrayDeque<UpstreamCallbacks> waiters; // over max_connections: wait for any stream to end

    Http2HostPool(HostPool pool, ClusterWorker worker) {
        this.pool = pool;
        this.worker = worker;
    }

    /** A stream on a ready connection with room, bound to {@code owner}; null when a connection must be made. */
    UpstreamConnection acquire(UpstreamCallbacks owner) {
        for (int i = 0; i < connections.size(); i++) {
            Http2UpstreamConnection c = connections.get(i);
            if (c.ready() && c.capacity() > 0) {
                UpstreamConnection s = c.openStream(owner);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    /** As {@link HostPool#connect}: false when the pending requests are at {@code max_pending_requests}. */
    boolean connect(UpstreamCallbacks owner) {
        CircuitBreakerState cb = pool.breakers();
        if (!cb.pending().tryAcquire()) {
            return false;
        }
        for (int i = 0; i < connections.size(); i++) {
            Http2UpstreamConnection c = connections.get(i);
            if (!c.ready() && c.capacity() > 0) {
                c.waiting.add(owner);
                return true;
            }
        }
        if (pool.hostHasRoom() && cb.connections().tryAcquire()) {
            open(owner);
            return true;
        }
        worker.cluster().stats().upstreamCxOverflow.inc();
        if (connections.isEmpty()) {
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

    boolean cancel(UpstreamCallbacks owner) {
        for (int i = 0; i < connections.size(); i++) {
            if (connections.get(i).waiting.remove(owner)) {
                pool.breakers().pending().release();
                return true;
            }
        }
        if (waiters != null && waiters.remove(owner)) {
            pool.breakers().pending().release();
            return true;
        }
        return false;
    }

    private void open(UpstreamCallbacks owner) {
        UpstreamCluster cluster = worker.cluster();
        ClusterStats stats = cluster.stats();
        Host host = pool.host();
        stats.upstreamCxTotal.inc();
        stats.upstreamCxHttp2Total.inc();
        host.cxTotal.increment();
        host.poolConnections.incrementAndGet();
        Http2UpstreamConnection conn = new Http2UpstreamConnection(pool, this);
        conn.waiting.add(owner);
        connections.add(conn);
        SslContext ssl = cluster.sslContextH2();
        String sni = cluster.sni();
        Http2Options o = cluster.config().http().http2Options();
        int connectMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, cluster.config().connectTimeout().toMillis()));
        Bootstrap b = worker.bootstrap().clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ChannelPipeline p = ch.pipeline();
                if (ssl != null) {
                    SslHandler h = sni.isEmpty() ? ssl.newHandler(ch.alloc()) : ssl.newHandler(ch.alloc(), sni, host.port());
                    h.setHandshakeTimeoutMillis(connectMillis);
                    p.addLast(HostPool.TLS, h);
                }
                p.addLast(Http2UpstreamConnection.CODEC, conn.newCodec(o));
                p.addLast("upstream", conn);
            }
        });
        long start = System.nanoTime();
        ChannelFuture f = b.connect(host.address());
        Channel ch = f.channel();
        ch.closeFuture().addListener(x -> {
            host.poolConnections.decrementAndGet();
            pool.breakers().connections().release();
            closed(conn, conn.cause() != null ? conn.cause() : f.cause());
        });
        f.addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                return; // reported by closed()
            }
            worker.cluster().stats().upstreamCxConnectMs.record(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            // No SETTINGS from the server within the connect timeout: give up on it as on a connect timeout.
            ch.eventLoop().schedule(() -> {
                if (!conn.ready() && ch.isActive()) {
                    conn.fail(new io.netty.channel.ConnectTimeoutException("no HTTP/2 SETTINGS from the upstream"));
                }
            }, connectMillis, TimeUnit.MILLISECONDS);
            SslHandler tls = ch.pipeline().get(SslHandler.class);
            if (tls != null) {
                tls.handshakeFuture().addListener(hs -> {
                    String alpn = tls.applicationProtocol();
                    if (!hs.isSuccess()) {
                        conn.fail(hs.cause());
                    } else if (alpn != null && !"h2".equals(alpn)) {
                        conn.fail(new IllegalStateException("upstream negotiated " + alpn
                                + " by ALPN; the cluster asks for h2"));
                    }
                });
            }
        });
    }

    /** The connection is ready (first SETTINGS): give streams to the requests that waited for it. */
    void connected(Http2UpstreamConnection c) {
        UpstreamCallbacks owner;
        while ((owner = c.waiting.poll()) != null) {
            pool.breakers().pending().release();
            UpstreamConnection s = c.capacity() > 0 ? c.openStream(owner) : null;
            if (s != null) {
                owner.onUpstreamReady(s);
            } else if (!connect(owner)) {
                owner.onUpstreamConnectFailure(UpstreamCallbacks.ConnectFailure.CONNECTION_FAILURE, "overflow");
            }
        }
        capacityFreed(c);
    }

    /** A stream ended or the server raised its limit: serve requests waiting behind max_connections. */
    void capacityFreed(Http2UpstreamConnection c) {
        while (waiters != null && !waiters.isEmpty() && c.ready() && c.capacity() > 0) {
            UpstreamCallbacks owner = waiters.poll();
            pool.breakers().pending().release();
            UpstreamConnection s = c.openStream(owner);
            if (s == null) {
                owner.onUpstreamConnectFailure(UpstreamCallbacks.ConnectFailure.CONNECTION_FAILURE, "stream refused");
            } else {
                owner.onUpstreamReady(s);
            }
        }
    }

    /** The connection closed (or never connected): its waiting requests fail as connect failures. */
    void closed(Http2UpstreamConnection c, Throwable cause) {
        if (!connections.remove(c)) {
            return;
        }
        if (!c.ready()) {
            ClusterStats stats = worker.cluster().stats();
            stats.upstreamCxConnectFail.inc();
            pool.host().cxConnectFail.increment();
            boolean timeout = HostPool.isTimeout(cause);
            if (timeout) {
                stats.upstreamCxConnectTimeout.inc();
            }
            UpstreamCallbacks owner;
            while ((owner = c.waiting.poll()) != null) {
                pool.breakers().pending().release();
                owner.onUpstreamConnectFailure(timeout ? UpstreamCallbacks.ConnectFailure.TIMEOUT
                        : UpstreamCallbacks.ConnectFailure.CONNECTION_FAILURE, HostPool.describe(cause));
            }
        }
        if (waiters != null && !waiters.isEmpty()) {
            UpstreamCallbacks next = waiters.poll();
            pool.breakers().pending().release();
            if (!connect(next)) {
                next.onUpstreamConnectFailure(UpstreamCallbacks.ConnectFailure.CONNECTION_FAILURE, "overflow");
            }
        }
    }

    /** Closes the connections that carry no stream (host removed, shutdown). */
    void closeIdle() {
        for (Http2UpstreamConnection c : connections.toArray(new Http2UpstreamConnection[0])) {
            c.closeIfIdle();
        }
    }

    int connectionCount() {
        return connections.size();
    }
}
