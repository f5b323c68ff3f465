package io.proxyctl.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
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
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.proxyctl.testing.Configs;
import io.proxyctl.testing.ProxyProcess;
import io.proxyctl.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload with the proxy's heap capped at 128 MiB (child JVM): 1,000 slowloris connections each holding 40 KB of
 * unfinished request headers, against a global limit of 500 connections, while 16 clients upload 32 MiB each
 * through a listener exempt from the limit. Connections over the limit are closed at once and counted, the uploads
 * stream through, a normal client is served, and the proxy neither runs out of memory nor leaks.
 */
class OverloadFloodTest {
    private static final int LIMIT = 500;
    private static final int SLOW = 1_000;
    private static final int UPLOADS = 16;
    private static final long UPLOAD_BYTES = 32L << 20;

    @TempDir
    Path tmp;

    /** Counts request body bytes and answers with the count; keeps nothing. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        private long n;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpContent c) {
                    n += c.content().readableBytes();
                }
                if (msg instanceof LastHttpContent) {
                    byte[] body = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
                    n = 0;
                    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                            Unpooled.wrappedBuffer(body));
                    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
                    ctx.writeAndFlush(r);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    private static String config(int upstream) {
        String base = Configs.bootstrap("", Configs.catchAll("web"), Configs.staticCluster("web", upstream))
                .replace("route: { cluster: web }", "route: { cluster: web, timeout: 0s }");
        String exempt = """
                  - name: bulk
                    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                    ignore_global_conn_limit: true
                    filter_chains:
                    - filters:
                      - name: envoy.filters.network.http_connection_manager
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: bulk
                          route_config: { virtual_hosts: [ { name: all, domains: ["*"], routes: [ { match: { prefix: "/" }, route: { cluster: web, timeout: 0s } } ] } ] }
                          http_filters:
                          - name: envoy.filters.http.router
                            typed_config:
                              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
                """;
        return """
                overload_manager:
                  resource_monitors:
                  - name: envoy.resource_monitors.global_downstream_max_connections
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig
                      max_active_downstream_connections: %d
                """.formatted(LIMIT) + base.replace("  clusters:\n", exempt + "  clusters:\n");
    }

    private static long upload(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + UPLOAD_BYTES + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[64 * 1024];
            for (long left = UPLOAD_BYTES; left > 0; left -= buf.length) {
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("closed after " + head);
                }
                head.append((char) c);
            }
            int at = head.toString().toLowerCase().indexOf("content-length:");
            int len = Integer.parseInt(head.substring(at + 15, head.indexOf("\r", at)).trim());
            return Long.parseLong(new String(in.readNBytes(len), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void slowAndLargeRequestFloodWithA128MibHeap() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ExecutorService pool = Executors.newFixedThreadPool(UPLOADS);
        List<Socket> slow = new ArrayList<>();
        try {
            Channel upstream = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new Discard());
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            int upPort = ((InetSocketAddress) upstream.localAddress()).getPort();
            try (ProxyProcess proxy = ProxyProcess.start(tmp, config(upPort), "-Xmx128m")) {
                int ingress = proxy.port("ingress");
                List<Future<Long>> uploads = new ArrayList<>();
                for (int i = 0; i < UPLOADS; i++) {
                    uploads.add(pool.submit(() -> upload(proxy.port("bulk"))));
                }
                StringBuilder partial = new StringBuilder("GET /slow HTTP/1.1\r\nHost: a\r\n");
                for (int i = 0; i < 40; i++) {
                    partial.append("x-pad-").append(i).append(": ").append("p".repeat(990)).append("\r\n");
                }
                byte[] slowHead = partial.toString().getBytes(StandardCharsets.US_ASCII);
                int written = 0;
                for (int i = 0; i < SLOW; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", ingress), 5000);
                    slow.add(s);
                    try {
                        s.getOutputStream().write(slowHead);
                        written++;
                    } catch (IOException refused) {
                        // closed by the limit before the write
                    }
                }
                long overflow = 0;
                String stats = "";
                try (RawHttp admin = RawHttp.connect(proxy.port("admin"))) {
                    for (int i = 0; i < 200 && overflow < SLOW - LIMIT; i++) {
                        stats = admin.get("/stats?filter=downstream_global_cx_overflow").body();
                        overflow = 0;
                        for (String line : stats.split("\n")) {
                            if (line.contains(": ")) {
                                overflow += Long.parseLong(line.substring(line.indexOf(": ") + 2).trim());
                            }
                        }
                        if (overflow < SLOW - LIMIT) {
                            Thread.sleep(25);
                        }
                    }
                }
                assertEquals(SLOW - LIMIT, overflow, stats);
                for (Future<Long> f : uploads) {
                    assertEquals(UPLOAD_BYTES, f.get());
                }
                // A normal client on the exempt listener while the limit is exhausted...
                try (RawHttp c = RawHttp.connect(proxy.port("bulk"))) {
                    assertEquals(200, c.send("POST /n HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi").read().status());
                }
                // ...and on the limited one once the slow clients are gone.
                for (Socket s : slow) {
                    s.close();
                }
                slow.clear();
                RawHttp.Response served = null;
                for (int i = 0; i < 200 && served == null; i++) {
                    try (RawHttp c = RawHttp.connect(ingress)) {
                        served = c.send("POST /n HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi").read();
                    } catch (IOException stillFull) {
                        Thread.sleep(25);
                    }
                }
                assertTrue(served != null && served.status() == 200 && served.body().equals("2"), String.valueOf(served));
                assertTrue(proxy.alive(), proxy.output());
                assertEquals(0, proxy.stop(), proxy.output());
                String out = proxy.output();
                assertTrue(!out.contains("OutOfMemoryError") && !out.contains("LEAK"), out);
                System.out.printf("overload: %d slow connections (%d written), %d refused at the limit of %d; %d x %d MiB "
                        + "uploads streamed; 128 MiB heap, no OOM%n", SLOW, written, overflow, LIMIT, UPLOADS,
                        UPLOAD_BYTES >> 20);
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
            pool.shutdownNow();
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
