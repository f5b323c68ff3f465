package io.proxyctl.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test HTTP/2 origin (h2c with prior knowledge, or h2 over TLS by ALPN): records each request (headers, body,
 * trailers) and answers through a handler, or echoes request bodies as they stream in ({@code /echo}, with flow
 * control both ways). Counts connections and the most streams it saw open at once.
 */
public final class H2TestUpstream implements AutoCloseable {
    /** Answers one complete request. */
    public interface Handler {
        void handle(Exchange ex);
    }

    /** A complete request as received. */
    public record Request(Http2Headers headers, byte[] body, Http2Headers trailers) {
        public String header(String name) {
            CharSequence v = headers.get(name);
            return v == null ? null : v.toString();
        }

        public String bodyString() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One request and its stream. */
    public static final class Exchange {
        public final Request request;
        private final Http2StreamChannel ch;

        Exchange(Request request, Http2StreamChannel ch) {
            this.request = request;
            this.ch = ch;
        }

        /** Headers, body and optional trailers (name, value pairs). */
        public void respond(int status, String body, String[] headers, String[] trailers) {
            Http2Headers h = new DefaultHttp2Headers().status(Integer.toString(status));
            for (int i = 0; headers != null && i + 1 < headers.length; i += 2) {
                h.add(headers[i], headers[i + 1]);
            }
            boolean hasTrailers = trailers != null && trailers.length > 0;
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ch.eventLoop().execute(() -> {
                ch.write(new DefaultHttp2HeadersFrame(h, b.length == 0 && !hasTrailers));
                if (b.length > 0) {
                    ch.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(b), !hasTrailers));
                }
                if (hasTrailers) {
                    Http2Headers t = new DefaultHttp2Headers();
                    for (int i = 0; i + 1 < trailers.length; i += 2) {
                        t.add(trailers[i], trailers[i + 1]);
                    }
                    ch.write(new DefaultHttp2HeadersFrame(t, true));
                }
                ch.flush();
            });
        }

        public void respond(int status, String body) {
            respond(status, body, null, null);
        }

        public void reset() {
            reset(Http2Error.INTERNAL_ERROR);
        }

        /** Resets the stream with {@code error} (REFUSED_STREAM: the server did not process it). */
        public void reset(Http2Error error) {
            ch.eventLoop().execute(() -> ch.writeAndFlush(new DefaultHttp2ResetFrame(error)));
        }

        public void later(long millis, Runnable r) {
            ch.eventLoop().schedule(r, millis, TimeUnit.MILLISECONDS);
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final java.util.List<Channel> parents = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicInteger maxStreams = new AtomicInteger();
    public volatile long echoedBytes;
    private volatile Handler handler = ex -> ex.respond(200, "h2 " + ex.request.header(":path"));

    private H2TestUpstream(SslContext ssl, long maxConcurrentStreams) {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.incrementAndGet();
                        parents.add(ch);
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().initialSettings(
                                Http2Settings.defaultSettings().maxConcurrentStreams(maxConcurrentStreams)).build());
                        ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                            @Override
                            protected void initChannel(Http2StreamChannel s) {
                                s.pipeline().addLast(new StreamHandler());
                            }
                        }));
                    }
                });
        server = b.bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    public static H2TestUpstream start() {
        return new H2TestUpstream(null, 1000);
    }

    /** With the given SETTINGS_MAX_CONCURRENT_STREAMS. */
    public static H2TestUpstream start(long maxConcurrentStreams) {
        return new H2TestUpstream(null, maxConcurrentStreams);
    }

    /** Over TLS; {@code ssl} must select h2 by ALPN. */
    public static H2TestUpstream startTls(SslContext ssl) {
        return new H2TestUpstream(ssl, 1000);
    }

    public H2TestUpstream handler(Handler h) {
        this.handler = h;
        return this;
    }

    public int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    public int connectionCount() {
        return connections.get();
    }

    /** Streams open right now, over all connections (a stream reset by the client is no longer open). */
    public int activeStreams() {
        return streams.get();
    }

    public int maxConcurrentStreamsSeen() {
        return maxStreams.get();
    }

    /** Sends GOAWAY (NO_ERROR) on every connection: no new streams there, open ones may finish. */
    public void goAway() {
        for (Channel ch : parents) {
            ch.eventLoop().execute(() -> ch.writeAndFlush(new io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame(
                    Http2Error.NO_ERROR)));
        }
    }

    public Request take() {
        try {
            Request r = requests.poll(10, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("the h2 upstream received no request");
            }
            return r;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private final class StreamHandler extends ChannelInboundHandlerAdapter {
        private Http2Headers headers;
        private Http2Headers trailers;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private boolean echo;
        private boolean counted;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            int n = streams.incrementAndGet();
            counted = true;
            maxStreams.accumulateAndGet(n, Math::max);
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (counted) {
                streams.decrementAndGet();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Http2StreamChannel ch = (Http2StreamChannel) ctx.channel();
            try {
                boolean end = false;
                if (msg instanceof Http2HeadersFrame f) {
                    if (headers == null) {
                        headers = f.headers();
                        echo = String.valueOf(headers.path()).startsWith("/echo");
                        if (echo) {
                            ch.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200"), false));
                        }
                    } else {
                        trailers = f.headers();
                    }
                    end = f.isEndStream();
                } else if (msg instanceof Http2DataFrame d) {
                    end = d.isEndStream();
                    if (echo) {
                        ByteBuf c = d.content();
                        echoedBytes += c.readableBytes();
                        ch.write(new DefaultHttp2DataFrame(c.retain(), end));
                        if (!ch.isWritable()) {
                            ch.config().setAutoRead(false); // resumes on writability: the client's window
                        }
                        return;
                    }
                    d.content().readBytes(body, d.content().readableBytes());
                }
                if (end && !echo) {
                    Request r = new Request(headers, body.toByteArray(), trailers);
                    requests.add(r);
                    handler.handle(new Exchange(r, ch));
                } else if (end) {
                    ch.flush();
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(true);
                ctx.channel().parent().flush(); // the WINDOW_UPDATE that read() may have left unflushed
            }
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
