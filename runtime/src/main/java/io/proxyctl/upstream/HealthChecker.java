package io.proxyctl.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.proxyctl.config.model.HealthCheck;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One active health checker of a cluster: a check session per host, all on one event loop (no locks). Each check
 * opens a fresh connection (an HTTP request, or a TCP connect with optional send/receive payloads), applies the
 * timeout and the healthy/unhealthy thresholds, and flips the host's {@link Host#failedActiveHealthCheck()} flag,
 * which takes it out of (or back into) rotation. Intervals follow Envoy: no-traffic, unhealthy and edge intervals,
 * with initial, absolute and percent jitter.
 */
final class HealthChecker {
    /** Bytes a TCP check may read while waiting for its receive payloads before it fails. */
    private static final int MAX_TCP_RESPONSE = 64 * 1024;

    private final UpstreamCluster cluster;
    private final HealthCheck cfg;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final Map<Host, Session> sessions = new HashMap<>();
    private volatile boolean stopped;

    HealthChecker(UpstreamCluster cluster, HealthCheck cfg, EventLoop loop) {
        this.cluster = cluster;
        this.cfg = cfg;
        this.loop = loop;
        this.bootstrap = new Bootstrap().group(loop).channel(cluster.transport().socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                        cfg.timeout().toMillis())));
    }

    /** Starts or stops sessions so that every current host is checked; safe from any thread. */
    void sync() {
        execute(() -> {
            if (stopped) {
                return;
            }
            Set<Host> current = new HashSet<>(cluster.prioritySet().allHosts());
            sessions.entrySet().removeIf(e -> {
                if (!current.contains(e.getKey())) {
                    e.getValue().cancel();
                    return true;
                }
                return false;
            });
            for (Host h : current) {
                if (!sessions.containsKey(h)) {
                    Session s = new Session(h);
                    sessions.put(h, s);
                    s.start(); // Envoy checks a new host at once (after its initial jitter)
                }
            }
        });
    }

    void stop() {
        stopped = true;
        execute(() -> {
            for (Session s : sessions.values()) {
                s.cancel();
            }
            sessions.clear();
        });
    }

    private void execute(Runnable r) {
        try {
            loop.execute(r);
        } catch (RejectedExecutionException e) {
            // the loops are shutting down; nothing is left to check
        }
    }

    /**
     * Envoy's {@code HealthCheckerImplBase::interval}: before the cluster has traffic the no-traffic intervals;
     * then {@code interval} after a pass and {@code unhealthy_interval} after a failure, or the edge intervals
     * while a host's state change is pending (a pass or failure short of its threshold); plus jitter.
     */
    private long nextIntervalMillis(boolean passed, boolean pending, boolean hostHealthy) {
        long base;
        if (cluster.stats().upstreamRqTotal.value() == 0) {
            base = (hostHealthy ? cfg.noTrafficHealthyInterval() : cfg.noTrafficInterval()).toMillis();
        } else if (passed) {
            base = (pending ? cfg.healthyEdgeInterval() : cfg.interval()).toMillis();
        } else {
            base = (pending ? cfg.unhealthyEdgeInterval() : cfg.unhealthyInterval()).toMillis();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long percentJitter = cfg.intervalJitterPercent() * base / 100;
        long jitter = cfg.intervalJitter().toMillis();
        return Math.max(1, base + (percentJitter > 0 ? random.nextLong(percentJitter) : 0)
                + (jitter > 0 ? random.nextLong(jitter) : 0));
    }

    /** How a check ended: a pass, a failure counted against the threshold, or a failure that counts at once. */
    private enum Outcome { PASS, FAIL, FAIL_NOW }

    /** The checks of one host: consecutive results and the check in flight. */
    private final class Session {
        private final Host host;
        private int successes;
        private int failures;
        private boolean first = true;
        private boolean cancelled;
        private boolean inFlight;
        private Channel channel;
        private ScheduledFuture<?> timer;
        private byte[] received = new byte[0]; // TCP: the response so far, matched against the receive payloads
        private int status; // HTTP: the status of the response being read
        private boolean responseKeepAlive; // HTTP: whether that response lets the connection be reused

        Session(Host host) {
            this.host = host;
        }

        /** The first check of a new host: at once, or after a random part of {@code initial_jitter}. */
        void start() {
            long jitter = cfg.initialJitter().toMillis();
            if (jitter > 0) {
                timer = loop.schedule(this::check, ThreadLocalRandom.current().nextLong(jitter), TimeUnit.MILLISECONDS);
            } else {
                check();
            }
        }

        void check() {
            if (cancelled || stopped) {
                return;
            }
            inFlight = true;
            received = new byte[0];
            status = 0;
            ClusterStats st = cluster.stats();
            st.hcAttempt.inc();
            timer = loop.schedule(() -> done(Outcome.FAIL, false, false), cfg.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            Channel kept = channel;
            if (kept != null && kept.isActive()) {
                send(kept, false); // reuse_connection: the previous check's connection
                return;
            }
            channel = null;
            SslContext ssl = cluster.sslContext();
            Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    if (ssl != null) {
                        String sni = cluster.sni();
                        ch.pipeline().addLast(sni.isEmpty() ? ssl.newHandler(ch.alloc())
                                : ssl.newHandler(ch.alloc(), sni, host.port()));
                    }
                    if (cfg.kind() == HealthCheck.Kind.HTTP) {
                        ch.pipeline().addLast(new HttpClientCodec());
                    }
                    ch.pipeline().addLast(new Responder());
                }
            });
            // The endpoint's health_check_config port wins over the checker's alt_port, as in Envoy.
            InetSocketAddress target = host.address();
            int port = host.healthCheckPort() > 0 ? host.healthCheckPort() : cfg.altPort();
            if (port > 0) {
                target = new InetSocketAddress(target.getAddress(), port);
            }
            ChannelFuture f = b.connect(target);
            channel = f.channel();
            f.addListener(x -> {
                if (f.channel() != channel) {
                    return; // this check already ended (timed out); the next one has its own connection
                }
                if (!x.isSuccess()) {
                    done(Outcome.FAIL, true, false);
                } else {
                    send(f.channel(), true);
                }
            });
        }

        /** Sends the check on a connected channel; a connect-only TCP check passes (and closes) right away. */
        private void send(Channel ch, boolean fresh) {
            if (cfg.kind() == HealthCheck.Kind.HTTP) {
                ch.writeAndFlush(request());
                return;
            }
            HealthCheck.Tcp tcp = cfg.tcp();
            if (tcp.send().length > 0) {
                ch.writeAndFlush(Unpooled.wrappedBuffer(tcp.send()));
            }
            if (tcp.receive().isEmpty() && fresh) {
                done(Outcome.PASS, false, false);
            }
        }

        private FullHttpRequest request() {
            HealthCheck.Http http = cfg.http();
            FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(http.method()),
                    http.path());
            r.headers().set(HttpHeaderNames.HOST, http.host().isEmpty() ? cluster.name() : http.host());
            r.headers().set(HttpHeaderNames.USER_AGENT, "Envoy/HC");
            for (String[] h : http.requestHeaders()) {
                r.headers().add(h[0], h[1]);
            }
            for (String name : http.requestHeadersToRemove()) {
                r.headers().remove(name);
            }
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            return r;
        }

        /** TCP: more response bytes; the check passes once every receive payload was found, in order. */
        private void onBytes(ByteBuf b) {
            int n = b.readableBytes();
            if (received.length + n > MAX_TCP_RESPONSE) {
                done(Outcome.FAIL, false, false);
                return;
            }
            byte[] more = Arrays.copyOf(received, received.length + n);
            b.getBytes(b.readerIndex(), more, received.length, n);
            received = more;
            if (matches(received, cfg.tcp().receive())) {
                done(Outcome.PASS, false, cfg.reuseConnection());
            }
        }

        /**
         * One check's outcome; later signals of the same check (timeout after close, close after answer) are
         * ignored. {@code keepOpen}: the connection stays for the next check (reuse_connection).
         */
        void done(Outcome outcome, boolean network, boolean keepOpen) {
            if (!inFlight) {
                return;
            }
            inFlight = false;
            ScheduledFuture<?> t = timer;
            timer = null;
            if (t != null) {
                t.cancel(false);
            }
            Channel ch = channel;
            if (ch != null && (!keepOpen || cancelled || stopped)) {
                channel = null;
                ch.close();
            }
            if (cancelled || stopped) {
                return;
            }
            ClusterStats st = cluster.stats();
            boolean pending = false;
            if (outcome == Outcome.PASS) {
                st.hcSuccess.inc();
                failures = 0;
                successes++;
                if (host.failedActiveHealthCheck()) {
                    if (first || successes >= cfg.healthyThreshold()) {
                        cluster.setActiveHealth(host, true);
                    } else {
                        pending = true;
                    }
                }
                OutlierDetector od = cluster.outlierDetector();
                if (od != null) {
                    od.onHealthCheckSuccess(host);
                }
            } else {
                st.hcFailure.inc();
                if (network) {
                    st.hcNetworkFailure.inc();
                }
                successes = 0;
                failures++;
                if (!host.failedActiveHealthCheck()) {
                    // Envoy: an active (non-network) failure that is not retriable takes the host out at once.
                    if (outcome == Outcome.FAIL_NOW || failures >= cfg.unhealthyThreshold()) {
                        cluster.setActiveHealth(host, false);
                    } else {
                        pending = true;
                    }
                }
            }
            first = false;
            timer = loop.schedule(this::check, nextIntervalMillis(outcome == Outcome.PASS, pending,
                    !host.failedActiveHealthCheck()), TimeUnit.MILLISECONDS);
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            Channel ch = channel;
            if (ch != null) {
                ch.close();
            }
        }

        /** Reads the HTTP status or the TCP response (or notices the connection closing) for the check in flight. */
        private final class Responder extends ChannelInboundHandlerAdapter {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    if (ctx.channel() != channel) {
                        return;
                    }
                    if (!inFlight) {
                        return; // the rest of an answered check's response, or bytes between checks
                    }
                    if (msg instanceof HttpObject o && !o.decoderResult().isSuccess()) {
                        done(Outcome.FAIL, true, false);
                        return;
                    }
                    if (msg instanceof HttpResponse r) {
                        status = r.status().code();
                        responseKeepAlive = HttpUtil.isKeepAlive(r);
                    }
                    if (msg instanceof LastHttpContent && status != 0) {
                        // As Envoy, the check completes with the whole response, which also frees the connection.
                        HealthCheck.Http http = cfg.http();
                        done(http.expects(status) ? Outcome.PASS
                                : http.retriable(status) ? Outcome.FAIL : Outcome.FAIL_NOW, false,
                                cfg.reuseConnection() && responseKeepAlive);
                    } else if (msg instanceof ByteBuf b && cfg.kind() == HealthCheck.Kind.TCP) {
                        onBytes(b);
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                if (ctx.channel() == channel) {
                    if (inFlight) {
                        done(Outcome.FAIL, true, false);
                    } else {
                        channel = null; // a kept connection closed between checks: the next one reconnects
                    }
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        }
    }

    /** Envoy's {@code TcpHealthCheckMatcher::match}: each payload found after the end of the previous one. */
    static boolean matches(byte[] data, List<byte[]> expected) {
        int from = 0;
        for (byte[] segment : expected) {
            int at = indexOf(data, segment, from);
            if (at < 0) {
                return false;
            }
            from = at + segment.length;
        }
        return true;
    }

    private static int indexOf(byte[] data, byte[] segment, int from) {
        outer:
        for (int i = from; i <= data.length - segment.length; i++) {
            for (int j = 0; j < segment.length; j++) {
                if (data[i + j] != segment[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
