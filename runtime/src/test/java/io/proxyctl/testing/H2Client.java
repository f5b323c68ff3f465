package io.proxyctl.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test HTTP/2 client on Netty's frame API: h2c with prior knowledge or h2 over TLS (ALPN), many streams on one
 * connection, request trailers, uploads streamed with flow control, and resets. Each response is collected
 * (headers, body or only its length, trailers, reset code).
 */
public final class H2Client implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel parent;
    private final CountDownLatch settings = new CountDownLatch(1);
    public volatile boolean goAwayReceived;
    public volatile String alpn;

    /** One response as it arrived. */
    public static final class Response {
        public volatile Http2Headers headers;
        public volatile Http2Headers trailers;
        public final ByteArrayOutputStream body = new ByteArrayOutputStream();
        public volatile long bodyBytes;
        public volatile long resetCode = -1;
        /** The response was a single HEADERS frame with END_STREAM (e.g. a gRPC trailers-only response). */
        public volatile boolean headersOnly;
        final boolean keepBody;
        public final CompletableFuture<Response> done = new CompletableFuture<>();
        volatile Http2StreamChannel channel;

        Response(boolean keepBody) {
            this.keepBody = keepBody;
        }

        public int status() {
            return headers == null ? 0 : Integer.parseInt(headers.status().toString());
        }

        public String header(String name) {
            CharSequence v = headers == null ? null : headers.get(name);
            return v == null ? null : v.toString();
        }

        public String trailer(String name) {
            CharSequence v = trailers == null ? null : trailers.get(name);
            return v == null ? null : v.toString();
        }

        public String bodyString() {
            return body.toString(StandardCharsets.UTF_8);
        }

        /** Waits for the end of the response (or the stream's reset/close). */
        public Response await() {
            try {
                return done.get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("no complete response in 20 s (status " + status() + ", " + bodyBytes
                        + " body bytes)", e);
            }
        }

        /** Resets the stream (RST_STREAM CANCEL). */
        public void reset() {
            Http2StreamChannel c = channel;
            c.eventLoop().execute(() -> c.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL)));
        }
    }

    private H2Client(int port, SslContext tls, int windowSize) {
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (tls != null) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), "127.0.0.1", port));
                }
                ch.pipeline().addLast(Http2FrameCodecBuilder.forClient()
                        .initialSettings(Http2Settings.defaultSettings().initialWindowSize(windowSize)).build());
                ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof Http2SettingsFrame) {
                            SslHandler h = ctx.pipeline().get(SslHandler.class);
                            alpn = h == null ? null : h.applicationProtocol();
                            settings.countDown();
                        } else if (msg instanceof Http2GoAwayFrame) {
                            goAwayReceived = true;
                        }
                        ReferenceCountUtil.release(msg);
                    }
                });
            }
        });
        parent = b.connect("127.0.0.1", port).syncUninterruptibly().channel();
        try {
            if (!settings.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("no SETTINGS from the server");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** h2c with prior knowledge. */
    public static H2Client connect(int port) {
        return new H2Client(port, null, 65535);
    }

    /** h2c with prior knowledge and the given initial stream window (small: the client is slow to take data). */
    public static H2Client connect(int port, int windowSize) {
        return new H2Client(port, null, windowSize);
    }

    /** h2 over TLS; {@code tls} must offer ALPN h2. */
    public static H2Client connectTls(int port, SslContext tls) {
        return new H2Client(port, tls, 65535);
    }

    public Channel channel() {
        return parent;
    }

    public static Http2Headers headers(String method, String path) {
        return new DefaultHttp2Headers().method(method).path(path).scheme("http").authority("h2.test");
    }

    public Response get(String path) {
        return send(headers("GET", path), null, null).await();
    }

    /** Sends a request: headers, an optional body and optional trailers; returns at once. */
    public Response send(Http2Headers headers, byte[] body, Http2Headers trailers) {
        Response r = new Response(true);
        open(r, ch -> {
            boolean noBody = body == null || body.length == 0;
            ch.write(new DefaultHttp2HeadersFrame(headers, noBody && trailers == null));
            if (!noBody) {
                ch.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), trailers == null));
            }
            if (trailers != null) {
                ch.write(new DefaultHttp2HeadersFrame(trailers, true));
            }
            ch.flush();
        });
        return r;
    }

    /**
     * Uploads {@code size} zero bytes in 16 KiB DATA frames, writing only while the stream is writable (the
     * proxy's window), and keeps only the response body's length.
     */
    public Response upload(Http2Headers headers, long size) {
        Response r = new Response(false);
        long[] left = {size};
        ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[16384]));
        Runnable[] pump = new Runnable[1];
        open(r, ch -> {
            ch.write(new DefaultHttp2HeadersFrame(headers, size == 0));
            pump[0] = () -> {
                while (left[0] > 0 && ch.isWritable()) {
                    int n = (int) Math.min(16384, left[0]);
                    left[0] -= n;
                    ch.write(new DefaultHttp2DataFrame(chunk.retainedSlice(0, n), left[0] == 0));
                }
                ch.flush();
            };
            pump[0].run();
        }, () -> pump[0].run());
        return r;
    }

    private void open(Response r, java.util.function.Consumer<Http2StreamChannel> start) {
        open(r, start, () -> { });
    }

    private void open(Response r, java.util.function.Consumer<Http2StreamChannel> start, Runnable writable) {
        new Http2StreamChannelBootstrap(parent).handler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    if (msg instanceof Http2HeadersFrame h) {
                        CharSequence status = h.headers().status();
                        if (r.headers == null && status != null && status.length() == 3 && status.charAt(0) == '1') {
                            return; // interim
                        }
                        if (r.headers == null) {
                            r.headers = h.headers();
                            r.headersOnly = h.isEndStream();
                        } else {
                            r.trailers = h.headers();
                        }
                        if (h.isEndStream()) {
                            r.done.complete(r);
                        }
                    } else if (msg instanceof Http2DataFrame d) {
                        int n = d.content().readableBytes();
                        if (r.keepBody) {
                            d.content().getBytes(d.content().readerIndex(), r.body, n);
                        }
                        r.bodyBytes += n;
                        if (d.isEndStream()) {
                            r.done.complete(r);
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof Http2ResetFrame rst) {
                    r.resetCode = rst.errorCode();
                }
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable()) {
                    writable.run();
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                r.done.complete(r);
            }
        }).open().addListener(f -> {
            if (!f.isSuccess()) {
                r.done.completeExceptionally(f.cause());
                return;
            }
            Http2StreamChannel ch = (Http2StreamChannel) f.getNow();
            r.channel = ch;
            start.accept(ch);
        });
    }

    @Override
    public void close() {
        parent.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
