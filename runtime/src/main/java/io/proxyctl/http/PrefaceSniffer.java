package io.proxyctl.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;

/**
 * {@code codec_type: AUTO}: the connection starts as HTTP/1.1 (so idle timeouts and connection stats apply from
 * accept, as in Envoy) with this handler in front of the HTTP/1 codec. The first bytes decide, as Envoy decides
 * when it creates the codec: ALPN h2, or the HTTP/2 client connection preface (h2c with prior knowledge), switch
 * the connection to HTTP/2; anything else is HTTP/1.1. Either way the handler leaves the pipeline after passing
 * the bytes on, so it costs nothing per request.
 */
final class PrefaceSniffer extends ChannelInboundHandlerAdapter {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpConnectionManagerFactory factory;
    private final DownstreamConnection http1;
    private final int worker;
    private ByteBuf held; // a prefix of the preface, waiting for the rest

    PrefaceSniffer(HttpConnectionManagerFactory factory, DownstreamConnection http1, int worker) {
        this.factory = factory;
        this.http1 = http1;
        this.worker = worker;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf b)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf in = held == null ? b : Unpooled.wrappedBuffer(held, b);
        held = null;
        Boolean h2 = decide(ctx, in);
        if (h2 == null) {
            held = in;
            return;
        }
        if (h2) {
            factory.switchToHttp2(ctx.channel(), http1, worker);
        } else {
            http1.cfg.stats.cxHttp1Total.inc();
        }
        ctx.fireChannelRead(in);
        ctx.pipeline().remove(this);
    }

    /** True for HTTP/2, false for HTTP/1.1, null while the bytes so far are a prefix of the preface. */
    private static Boolean decide(ChannelHandlerContext ctx, ByteBuf in) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        String alpn = tls == null ? null : tls.applicationProtocol();
        if ("h2".equals(alpn)) {
            return Boolean.TRUE;
        }
        if ("http/1.1".equals(alpn)) {
            return Boolean.FALSE;
        }
        int n = Math.min(in.readableBytes(), PREFACE.length);
        int start = in.readerIndex();
        for (int i = 0; i < n; i++) {
            if (in.getByte(start + i) != PREFACE[i]) {
                return Boolean.FALSE;
            }
        }
        return n == PREFACE.length ? Boolean.TRUE : null;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ByteBuf h = held;
        if (h != null) {
            held = null;
            h.release();
        }
    }
}
