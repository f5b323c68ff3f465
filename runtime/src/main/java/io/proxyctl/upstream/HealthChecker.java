package io.proxyctl.upstream;

import io.netty.bootstrap.Bootstrap;
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
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.proxyctl.config.model.HealthCheck;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One active health checker of a cluster: a check session per host, all on one event loop (no locks). Each check
 * opens a fresh connection (HTTP GET or TCP connect), applies the timeout and the healthy/unhealthy thresholds,
 * and flips the host's {@link Host#failedActiveHealthCheck()} flag, which takes it out of (or back into) rotation.
 */
final class HealthChecker {
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
                    s.check(); // Envoy checks a new host at once
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

    private long nextIntervalMillis() {
        long base = (cluster.stats().upstreamRqTotal.value() > 0 ? cfg.interval() : cfg.noTrafficInterval()).toMillis();
        long jitter = cfg.intervalJitter().toMillis();
        return Math.max(1, base + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter) : 0));
    }

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

        Session(Host host) {
            this.host = host;
        }

        void check() {
            if (cancelled || stopped) {
                return;
            }
            inFlight = true;
            ClusterStats st = cluster.stats();
            st.hcAttempt.inc();
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
            timer = loop.schedule(() -> done(false, false), cfg.timeout().toMillis(), TimeUnit.MILLISECONDS);
            ChannelFuture f = b.connect(host.address());
            channel = f.channel();
            f.addListener(x -> {
                if (!x.isSuccess()) {
                    done(false, true);
                } else if (cfg.kind() == HealthCheck.Kind.TCP) {
                    done(true, false);
                } else {
                    f.channel().writeAndFlush(request());
                }
            });
        }

        private FullHttpRequest request() {
            FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, cfg.path());
            r.headers().set(HttpHeaderNames.HOST, cfg.host().isEmpty() ? cluster.name() : cfg.host());
            r.headers().set(HttpHeaderNames.USER_AGENT, "Envoy/HC");
            for (String[] h : cfg.requestHeaders()) {
                r.headers().add(h[0], h[1]);
            }
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            return r;
        }

        /** One check's outcome; later signals of the same check (timeout after close, close after answer) are ignored. */
        void done(boolean ok, boolean network) {
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
            channel = null;
            if (ch != null) {
                ch.close();
            }
            if (cancelled || stopped) {
                return;
            }
            ClusterStats st = cluster.stats();
            if (ok) {
                st.hcSuccess.inc();
                OutlierDetector od = cluster.outlierDetector();
                if (od != null) {
                    od.onHealthCheckSuccess(host);
                }
                failures = 0;
                successes++;
                if (host.failedActiveHealthCheck() && (first || successes >= cfg.healthyThreshold())) {
                    cluster.setActiveHealth(host, true);
                }
            } else {
                st.hcFailure.inc();
                if (network) {
                    st.hcNetworkFailure.inc();
                }
                successes = 0;
                failures++;
                if (!host.failedActiveHealthCheck() && failures >= cfg.unhealthyThreshold()) {
                    cluster.setActiveHealth(host, false);
                }
            }
            first = false;
            timer = loop.schedule(this::check, nextIntervalMillis(), TimeUnit.MILLISECONDS);
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

        /** Reads the HTTP status (or notices the connection closing) for the check in flight. */
        private final class Responder extends ChannelInboundHandlerAdapter {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    if (msg instanceof HttpResponse r && ctx.channel() == channel) {
                        boolean decoded = r.decoderResult().isSuccess();
                        done(decoded && cfg.expects(r.status().code()), !decoded);
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                if (ctx.channel() == channel) {
                    done(false, true);
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        }
    }
}
