package io.proxyctl.http;

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
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.proxyctl.testing.Configs;
import io.proxyctl.testing.ProxyFixture;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Runs in a child JVM with a small heap ({@link LargeBodyHeapTest}): streams 1 GiB up and 1 GiB down through the
 * proxy to an in-process streaming upstream. Prints "OK ..." and exits 0 on success.
 */
public final class LargeBodyCheck {
    static final long SIZE = 1L << 30;

    private LargeBodyCheck() {
    }

    /** Counts uploads; streams downloads honouring writability. */
    static final class Upstream extends ChannelInboundHandlerAdapter {
        private long received;
        private long toSend;
        private final ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.directBuffer(64 * 1024).writeZero(64 * 1024));

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest req) {
                received = 0;
                if (req.uri().startsWith("/download")) {
                    DefaultHttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    r.headers().set("content-length", SIZE);
                    ctx.writeAndFlush(r);
                    toSend = SIZE;
                }
            }
            if (msg instanceof HttpContent c) {
                received += c.content().readableBytes();
                c.release();
                if (msg instanceof LastHttpContent) {
                    if (toSend > 0) {
                        pump(ctx);
                    } else {
                        byte[] body = Long.toString(received).getBytes(StandardCharsets.US_ASCII);
                        DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                                Unpooled.wrappedBuffer(body));
                        r.headers().set("content-length", body.length);
                        ctx.writeAndFlush(r);
                    }
                }
            }
        }

        private void pump(ChannelHandlerContext ctx) {
            while (toSend > 0 && ctx.channel().isWritable()) {
                int n = (int) Math.min(chunk.capacity(), toSend);
                toSend -= n;
                Object m = toSend == 0 ? new io.netty.handler.codec.http.DefaultLastHttpContent(chunk.retainedSlice(0, n))
                        : new DefaultHttpContent(chunk.retainedSlice(0, n));
                ctx.write(m);
            }
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && toSend > 0) {
                pump(ctx);
            }
        }
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Upstream());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        int upPort = ((InetSocketAddress) server.localAddress()).getPort();
        String yaml = Configs.bootstrap("", Configs.catchAll("web"), Configs.staticCluster("web", upPort));
        int exit = 1;
        try (ProxyFixture px = ProxyFixture.start(yaml.replace("route: { cluster: web }", "route: { cluster: web, timeout: 0s }"))) {
            int port = px.port("ingress");
            long up;
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(60000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + SIZE + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] buf = new byte[256 * 1024];
                for (long left = SIZE; left > 0; left -= buf.length) {
                    out.write(buf, 0, (int) Math.min(buf.length, left));
                }
                out.flush();
                InputStream in = s.getInputStream();
                String head = readHead(in);
                int at = head.toLowerCase().indexOf("content-length:");
                int len = Integer.parseInt(head.substring(at + 15, head.indexOf('\r', at)).trim());
                up = Long.parseLong(new String(in.readNBytes(len), StandardCharsets.US_ASCII));
            }
            long t1 = System.nanoTime();
            long down = 0;
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(60000);
                s.getOutputStream().write("GET /download HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                byte[] buf = new byte[256 * 1024];
                readHead(in);
                int n;
                while (down < SIZE && (n = in.read(buf)) > 0) {
                    down += n;
                }
            }
            long t2 = System.nanoTime();
            Runtime rt = Runtime.getRuntime();
            System.out.printf("%s upload=%d (%.1f s) download=%d (%.1f s) heapMax=%d MiB%n",
                    up == SIZE && down == SIZE ? "OK" : "FAILED", up, (t1 - t0) / 1e9, down, (t2 - t1) / 1e9,
                    rt.maxMemory() >> 20);
            exit = up == SIZE && down == SIZE ? 0 : 1;
        } finally {
            server.close().sync();
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
        System.exit(exit);
    }
}
