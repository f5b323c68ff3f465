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
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.proxyctl.accesslog.AccessLogger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serves one admin connection: dispatches each aggregated request to its handler with Envoy's 403 (allow_paths),
 * 404 (unknown path, with the help text) and 405 (mutation without POST) answers, counts {@code http.admin.*}
 * stats and writes the admin access log.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final AdminHandlerRegistry registry;
    private final AdminServer.Compiled settings;
    private final AdminStats stats;
    private final long connectionId;
    private final long openedNanos = System.nanoTime();
    private boolean closingLocally;

    AdminHttpHandler(AdminHandlerRegistry registry, AdminServer.Compiled settings, AdminStats stats, long connectionId) {
        this.registry = registry;
        this.settings = settings;
        this.stats = stats;
        this.connectionId = connectionId;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        stats.connectionOpened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stats.connectionClosed(closingLocally, (System.nanoTime() - openedNanos) / 1_000_000);
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        stats.requestStarted();
        AdminExchange exchange = new AdminExchange(req, address(ctx.channel().remoteAddress()),
                address(ctx.channel().localAddress()), connectionId);
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
        out.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache, max-age=0");
        out.headers().set("x-content-type-options", "nosniff");
        out.headers().set(HttpHeaderNames.DATE, DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        out.headers().set(HttpHeaderNames.SERVER, "envoy");
        resp.headers().forEach((k, v) -> out.headers().set(k, v));
        boolean keepAlive = HttpUtil.isKeepAlive(req) && !req.decoderResult().isFailure();
        if (!keepAlive) {
            closingLocally = true;
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        exchange.responded(resp.status(), out.headers().copy(), resp.body().length);
        ctx.writeAndFlush(out).addListener((ChannelFutureListener) f -> {
            stats.requestCompleted(resp.status(), exchange.finish());
            for (AccessLogger l : settings.accessLoggers()) {
                l.log(exchange);
            }
            if (!keepAlive) {
                f.channel().close();
            }
            if (resp.afterSent() != null) {
                resp.afterSent().run();
            }
        });
    }

    private AdminResponse dispatch(FullHttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path();
        if (!settings.allowPaths().allows(path)) {
            return AdminResponse.text(403, "request path " + path + " is not in admin.allow_paths\n");
        }
        AdminHandler h = registry.find(path);
        if (h == null) {
            return AdminResponse.text(404, "invalid path. " + registry.helpText());
        }
        String method = req.method().name();
        if (h.mutatesState() && !method.equals("POST")) {
            settings.errorLog().accept("admin path \"" + h.prefix() + "\" mutates state, method=" + method
                    + " rather than POST");
            return AdminResponse.text(405, "Method " + method + " not allowed, POST required.");
        }
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> e : req.headers()) {
            headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        byte[] body = ByteBufUtil.getBytes(req.content());
        Map<String, List<String>> params = q.parameters();
        if (params.isEmpty() && body.length > 0 && String.valueOf(headers.get("content-type"))
                .toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            // Envoy reads the parameters of a form post from its body when the URL has none.
            params = new QueryStringDecoder(new String(body, StandardCharsets.UTF_8), false).parameters();
        }
        try {
            return h.handle(new AdminRequest(method, path, params, headers, body));
        } catch (RuntimeException e) {
            return AdminResponse.text(500, "admin handler " + h.prefix() + " failed: " + e.getMessage() + "\n");
        }
    }

    private static String address(java.net.SocketAddress a) {
        if (a instanceof InetSocketAddress i && i.getAddress() != null) {
            String ip = i.getAddress().getHostAddress();
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closingLocally = true;
        ctx.close();
    }
}
