package io.proxyctl.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Dispatches one aggregated admin request to its handler, with Envoy's 404 and 405 answers. */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final AdminHandlerRegistry registry;

    AdminHttpHandler(AdminHandlerRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        AdminResponse resp;
        if (req.decoderResult().isFailure()) {
            resp = AdminResponse.text(400, "Bad Request\n");
        } else {
            resp = dispatch(req);
        }
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(resp.status()),
                Unpooled.wrappedBuffer(resp.body()));
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, resp.contentType());
        out.headers().set(HttpHeaderNames.CONTENT_LENGTH, resp.body().length);
        out.headers().set("cache-control", "no-cache, max-age=0");
        out.headers().set("x-content-type-options", "nosniff");
        resp.headers().forEach((k, v) -> out.headers().set(k, v));
        boolean keepAlive = HttpUtil.isKeepAlive(req) && !req.decoderResult().isFailure();
        if (!keepAlive) {
            out.headers().set(HttpHeaderNames.CONNECTION, "close");
        }
        var f = ctx.writeAndFlush(out);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private AdminResponse dispatch(FullHttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        AdminHandler h = registry.find(q.path());
        if (h == null) {
            return AdminResponse.text(404, "invalid path. " + registry.helpText());
        }
        String method = req.method().name();
        if (h.mutatesState() && !method.equals("POST")) {
            return AdminResponse.text(405, "Method " + method + " not allowed, POST required.");
        }
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> e : req.headers()) {
            headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        try {
            return h.handle(new AdminRequest(method, q.path(), q.parameters(), headers, ByteBufUtil.getBytes(req.content())));
        } catch (RuntimeException e) {
            return AdminResponse.text(500, "admin handler " + h.prefix() + " failed: " + e.getMessage() + "\n");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
