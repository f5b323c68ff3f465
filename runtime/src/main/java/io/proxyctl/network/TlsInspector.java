package io.proxyctl.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The {@code tls_inspector} listener filter: buffers the first bytes of a connection until it knows whether
 * they start a TLS ClientHello, reads its SNI and ALPN without terminating TLS, hands the result to the
 * listener (which installs the selected filter chain behind this handler) and then removes itself, passing the
 * buffered bytes on untouched. A connection that sends nothing within the listener filter timeout is closed.
 */
final class TlsInspector extends ByteToMessageDecoder {
    private final BiConsumer<ChannelHandlerContext, ClientHello> onInspected;
    private final long timeoutMillis;
    private final Runnable onTimeout;
    private ScheduledFuture<?> timer;
    private boolean done;

    TlsInspector(long timeoutMillis, BiConsumer<ChannelHandlerContext, ClientHello> onInspected, Runnable onTimeout) {
        this.onInspected = onInspected;
        this.timeoutMillis = timeoutMillis;
        this.onTimeout = onTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (timeoutMillis > 0) {
            timer = ctx.executor().schedule(() -> {
                if (!done) {
                    done = true;
                    onTimeout.run();
                    ctx.close();
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (done) {
            return;
        }
        ClientHello hello = ClientHello.inspect(in);
        if (hello == null && in.readableBytes() < ClientHello.MAX_RECORD) {
            return;
        }
        done = true;
        if (timer != null) {
            timer.cancel(false);
        }
        onInspected.accept(ctx, hello == null ? new ClientHello("tls", null, List.of()) : hello);
        if (ctx.channel().isActive()) {
            // The chain's handlers were added behind this one after the channel became active.
            ctx.fireChannelActive();
            ctx.pipeline().remove(this);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
