package io.proxyctl.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the HTTP codec when {@code request_headers_timeout} is configured and tells the connection when
 * bytes of a new request head start to arrive: the codec only speaks up once the head is complete, which is
 * exactly what a slowloris client never lets happen. Absent when the timeout is not configured.
 */
final class RequestHeadWatch extends ChannelInboundHandlerAdapter {
    private final DownstreamConnection conn;

    RequestHeadWatch(DownstreamConnection conn) {
        this.conn = conn;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        conn.onRequestBytes();
        ctx.fireChannelRead(msg);
    }
}
