package io.proxyctl.network;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.Mapping;
import io.proxyctl.stats.Counter;

/**
 * A filter chain with a TLS transport socket: puts an {@link SslHandler} in front of the chain's own filters
 * (which then see plaintext) and counts handshakes and connection errors under {@code <listener>.ssl.*}. With
 * several certificates an {@link SniHandler} reads the ClientHello first and installs the handler of the
 * certificate the server name selects.
 */
public final class TlsTerminatingFactory implements NetworkFilterFactory {
    /** The pipeline name of the TLS handler. */
    public static final String TLS = "tls";
    private final ServerTlsContexts.ServerTls tls;
    private final NetworkFilterFactory inner;
    private final Counter handshake;
    private final Counter connectionError;

    public TlsTerminatingFactory(ServerTlsContexts.ServerTls tls, NetworkFilterFactory inner, Counter handshake,
                                 Counter connectionError) {
        this.tls = tls;
        this.inner = inner;
        this.handshake = handshake;
        this.connectionError = connectionError;
    }

    @Override
    public void install(Channel channel, int worker) {
        if (tls.bySni()) {
            channel.pipeline().addLast(TLS, new SniHandler((Mapping<String, SslContext>) tls::select) {
                @Override
                protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
                    return counted(context.newHandler(allocator), channel);
                }
            });
        } else {
            channel.pipeline().addLast(TLS, counted(tls.first().newHandler(channel.alloc()), channel));
        }
        inner.install(channel, worker);
    }

    private SslHandler counted(SslHandler handler, Channel channel) {
        handler.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                handshake.inc();
            } else {
                connectionError.inc();
                channel.close();
            }
        });
        return handler;
    }

    /**
     * Whether the connection is TLS-terminated here, asked before the handshake too (when an SNI handler has not
     * yet been replaced by the certificate's TLS handler).
     */
    public static boolean terminatesTls(ChannelPipeline pipeline) {
        return pipeline.get(SslHandler.class) != null || pipeline.get(AbstractSniHandler.class) != null;
    }

    @Override
    public void startDraining() {
        inner.startDraining();
    }

    @Override
    public void setHealthCheckFailed(boolean failed) {
        inner.setHealthCheckFailed(failed);
    }

    @Override
    public void drain(Channel channel) {
        inner.drain(channel);
    }

    @Override
    public boolean busy(Channel channel) {
        return inner.busy(channel);
    }

    @Override
    public boolean carryOver(NetworkFilterFactory replacement) {
        return inner.carryOver(replacement instanceof TlsTerminatingFactory t ? t.inner : replacement);
    }

    @Override
    public long drainTimeoutMillis() {
        return inner.drainTimeoutMillis();
    }
}
