package io.proxyctl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** WebSocket upgrades through the proxy, against a real Netty websocket echo server. */
@ExtendWith(LeakCheckExtension.class)
class WebSocketTest {
    private EventLoopGroup group;
    private Channel server;

    @BeforeEach
    void startEchoServer() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler("/ws"), new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        if (msg instanceof TextWebSocketFrame f) {
                                            String text = f.text();
                                            f.release();
                                            ctx.writeAndFlush(new TextWebSocketFrame("echo:" + text));
                                        } else {
                                            ctx.fireChannelRead(msg);
                                        }
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    @AfterEach
    void stop() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static final String HANDSHAKE = "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    /** A masked client text frame (RFC 6455). */
    private static byte[] frame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x81);
        out.write(0x80 | payload.length);
        out.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        return out.toByteArray();
    }

    private static String readFrame(InputStream in) throws Exception {
        int b0 = in.read();
        int len = in.read() & 0x7f;
        assertEquals(0x81, b0);
        return new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }

    @Test
    void upgradeAndEchoFrames() throws Exception {
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("upgrade_configs: [ { upgrade_type: websocket } ]",
                Configs.catchAll("ws"), Configs.staticCluster("ws", port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send(HANDSHAKE);
            RawHttp.Response r = c.read(true);
            assertEquals(101, r.status());
            assertEquals("websocket", r.header("upgrade").toLowerCase());
            assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", r.header("sec-websocket-accept"));
            InputStream in = c.socket().getInputStream();
            c.send(frame("hello"));
            assertEquals("echo:hello", readFrame(in));
            c.send(frame("again"));
            assertEquals("echo:again", readFrame(in));
            assertEquals(1, px.stat("http.ingress_http.downstream_cx_upgrades_total"));
        }
    }

    @Test
    void upgradeRefusedWith403WhenNotConfigured() throws Exception {
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("ws"),
                Configs.staticCluster("ws", port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send(HANDSHAKE);
            assertEquals(403, c.read().status());
            assertEquals(1, px.stat("http.ingress_http.downstream_rq_ws_on_non_ws_route"));
        }
    }

    @Test
    void routeLevelUpgradeConfigOverridesTheConnectionManager() throws Exception {
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/ws" }
                    route: { cluster: ws, upgrade_configs: [ { upgrade_type: websocket, enabled: false } ] }
                """;
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("upgrade_configs: [ { upgrade_type: websocket } ]",
                vh, Configs.staticCluster("ws", port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send(HANDSHAKE);
            assertEquals(403, c.read().status());
        }
    }

    @Test
    void closingTheClientClosesTheUpstreamSide() throws Exception {
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("upgrade_configs: [ { upgrade_type: websocket } ]",
                Configs.catchAll("ws"), Configs.staticCluster("ws", port())))) {
            RawHttp c = RawHttp.connect(px.port("ingress"));
            c.send(HANDSHAKE);
            assertEquals(101, c.read(true).status());
            c.send(frame("x"));
            readFrame(c.socket().getInputStream());
            c.close();
            for (int i = 0; i < 200 && px.stat("cluster.ws.upstream_cx_active") != 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(0, px.stat("cluster.ws.upstream_cx_active"));
            assertEquals(0, px.stat("http.ingress_http.downstream_cx_upgrades_active"));
            assertTrue(px.stat("http.ingress_http.downstream_rq_completed") >= 1);
        }
    }
}
