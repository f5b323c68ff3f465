package io.proxyctl.upstream;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Sits in front of {@code Http2StreamFrameToHttpObjectCodec} on HTTP/2 stream channels, both sides. The proxy
 * writes a message head and its end separately, as HTTP/1.1 frames them; when the end follows at once with no
 * body and no trailers, this joins them so the codec sends one HEADERS frame with END_STREAM instead of HEADERS
 * and an empty DATA frame. That keeps a gRPC "trailers-only" response (status in the only HEADERS frame) what it
 * was, which gRPC clients require. Holds at most one head, never a body.
 */
public final class EndStreamCoalescer extends ChannelOutboundHandlerAdapter {
    private HttpMessage head;
    private ChannelPromise headPromise;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpMessage m && !(msg instanceof FullHttpMessage)) {
            writeHead(ctx);
            head = m;
            headPromise = promise;
            return;
        }
        HttpMessage h = head;
        if (h != null && msg instanceof LastHttpContent last && !last.content().isReadable()
                && last.trailingHeaders().isEmpty()) {
            head = null;
            last.release();
            FullHttpMessage full = h instanceof HttpRequest r
                    ? new DefaultFullHttpRequest(r.protocolVersion(), r.method(), r.uri(), Unpooled.EMPTY_BUFFER,
                    r.headers(), DefaultHttpHeadersFactory.trailersFactory().newEmptyHeaders())
                    : new DefaultFullHttpResponse(h.protocolVersion(), ((HttpResponse) h).status(), Unpooled.EMPTY_BUFFER,
                    h.headers(), DefaultHttpHeadersFactory.trailersFactory().newEmptyHeaders());
            ctx.write(full, headPromise);
            if (!promise.isVoid()) {
                promise.trySuccess();
            }
            return;
        }
        writeHead(ctx);
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeHead(ctx);
        ctx.flush();
    }

    private void writeHead(ChannelHandlerContext ctx) {
        HttpMessage h = head;
        if (h != null) {
            head = null;
            ctx.write(h, headPromise);
        }
    }
}
