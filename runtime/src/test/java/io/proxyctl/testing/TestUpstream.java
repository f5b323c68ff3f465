package io.proxyctl.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AttributeKey;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-test HTTP/1.1 upstream on loopback (port 0), optionally TLS. Requests are aggregated and recorded; a
 * {@link Handler} decides the answer (default: 200 with body {@code name}). Records SNI for TLS.
 */
public final class TestUpstream implements AutoCloseable {
    /** Decides how to answer one request. */
    public interface Handler {
        void handle(Exchange ex);
    }

    /** A recorded request. */
    public record Request(String method, String uri, Map<String, List<String>> headers, byte[] body,
                          Map<String, String> trailers, int connection) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public String bodyString() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One request and the means to answer it. */
    public final class Exchange {
        public final Request request;
        private final ChannelHandlerContext ctx;
        private final boolean keepAlive;

        Exchange(Request request, ChannelHandlerContext ctx, boolean keepAlive) {
            this.request = request;
            this.ctx = ctx;
            this.keepAlive = keepAlive;
        }

        public void respond(int status, String body, String... headerPairs) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                r.headers().add(headerPairs[i], headerPairs[i + 1]);
            }
            respond(r);
        }

        public void respond(FullHttpResponse r) {
            if (!keepAlive) {
                r.headers().set(HttpHeaderNames.CONNECTION, "close");
                ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(r);
            }
        }

        /** Writes raw bytes (already encoded HTTP) and optionally closes. */
        public void raw(String bytes, boolean close) {
            // Past the HTTP encoder, straight to the socket.
            var f = ctx.pipeline().firstContext().writeAndFlush(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
            if (close) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        /** Closes without answering (FIN). */
        public void close() {
            ctx.close();
        }

        /** Closes with RST (SO_LINGER 0). */
        public void reset() {
            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            ctx.close();
        }

        /** Runs {@code r} on the connection's loop after {@code millis}. */
        public void later(long millis, Runnable r) {
            ctx.executor().schedule(r, millis, TimeUnit.MILLISECONDS);
        }
    }

    private static final AttributeKey<HttpHeaders> ORIGINAL = AttributeKey.valueOf("test.originalHeaders");

    private final String name;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    // Shutting the event loop group down does not reliably close accepted sockets (seen with Netty 4.2 NIO: the peer
    // often never saw a FIN), so a "stopped" upstream kept its connections open like a hung process. close() closes
    // them explicitly, as the kernel does when a real upstream process exits.
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<String> sniNames = new ArrayList<>();
    private final List<String> alpn = new ArrayList<>();
    private volatile Handler handler;

    private TestUpstream(String name, SslContext ssl) {
        this(name, ssl, 0);
    }

    private TestUpstream(String name, SslContext ssl, int port) {
        this.name = name;
        this.handler = ex -> ex.respond(200, name);
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        int id = connections.incrementAndGet();
                        children.add(ch);
                        if (ssl != null) {
                            ch.pipeline().addLast(new SniHandler(new DomainWildcardMappingBuilder<>(ssl).build()) {
                                @Override
                                protected void replaceHandler(ChannelHandlerContext ctx, String hostname, SslContext c)
                                        throws Exception {
                                    synchronized (sniNames) {
                                        sniNames.add(hostname == null ? "" : hostname);
                                    }
                                    super.replaceHandler(ctx, hostname, c);
                                }
                            });
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                // The aggregator rewrites framing headers (expect, transfer-encoding): keep the originals.
                                if (msg instanceof HttpRequest r) {
                                    ctx.channel().attr(ORIGINAL).set(r.headers().copy());
                                }
                                ctx.fireChannelRead(msg);
                            }
                        }, new HttpObjectAggregator(16 << 20),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                        Map<String, List<String>> h = new LinkedHashMap<>();
                                        HttpHeaders original = ctx.channel().attr(ORIGINAL).get();
                                        for (Map.Entry<String, String> e : original != null ? original : req.headers()) {
                                            h.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                                                    .add(e.getValue());
                                        }
                                        Map<String, String> t = new LinkedHashMap<>();
                                        for (Map.Entry<String, String> e : req.trailingHeaders()) {
                                            t.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
                                        }
                                        Request r = new Request(req.method().name(), req.uri(), h,
                                                ByteBufUtil.getBytes(req.content()), t, id);
                                        io.netty.handler.ssl.SslHandler tls = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class);
                                        if (tls != null) {
                                            synchronized (alpn) {
                                                alpn.add(String.valueOf(tls.applicationProtocol()));
                                            }
                                        }
                                        requests.add(r);
                                        handler.handle(new Exchange(r, ctx, HttpUtil.isKeepAlive(req)));
                                    }
                                });
                    }
                });
        this.server = b.option(io.netty.channel.ChannelOption.SO_REUSEADDR, true).bind("127.0.0.1", port)
                .syncUninterruptibly().channel();
    }

    public static TestUpstream start(String name) {
        return new TestUpstream(name, null);
    }

    /** Starts on a fixed loopback port (to bring a killed upstream back where the proxy expects it). */
    public static TestUpstream startOn(String name, int port) {
        return new TestUpstream(name, null, port);
    }

    public static TestUpstream startTls(String name, SslContext serverContext) {
        return new TestUpstream(name, serverContext);
    }

    public TestUpstream handler(Handler h) {
        this.handler = h;
        return this;
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String name() {
        return name;
    }

    /** The next recorded request, waiting up to 5 s; fails when none arrives. */
    public Request take() {
        try {
            Request r = requests.poll(5, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("upstream '" + name + "' received no request");
            }
            return r;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The requests recorded so far and not yet taken, without waiting. */
    public List<Request> drain() {
        List<Request> out = new java.util.ArrayList<>();
        requests.drainTo(out);
        return out;
    }

    public int requestCount() {
        return requests.size();
    }

    public int connectionCount() {
        return connections.get();
    }

    public List<String> sniNames() {
        synchronized (sniNames) {
            return new ArrayList<>(sniNames);
        }
    }

    /** The ALPN protocol negotiated on each TLS request's connection ("null" when none). */
    public List<String> alpnProtocols() {
        synchronized (alpn) {
            return new ArrayList<>(alpn);
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        children.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
