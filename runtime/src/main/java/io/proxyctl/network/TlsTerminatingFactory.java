package io.proxyctl.network;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.proxyctl.stats.Counter;

/**
 * A filter chain with a TLS transport socket: puts an {@link SslHandler} in front of the chain's own filters
 * (which then see plaintext) and counts handshakes and connection errors under {@code <listener>.ssl.*}.
 */
public final class TlsTerminatingFactory implements NetworkFilterFactory {
    /** The pipeline name of the TLS handler. */
    public static final String TLS = "tls";
    private final SslContext context;
    private final NetworkFilterFactory inner;
    private final Counter handshake;
    private final Counter connectionError;

    public TlsTerminatingFactory(SslContext context, NetworkFilterFactory inner, Counter handshake,
                                 Counter connectionError) {
        this.context = context;
        this.inner = inner;
        this.handshake = handshake;
        this.connectionError = connectionError;
    }

    @Override
    public void install(Channel channel, int worker) {
        SslHandler tls = context.newHandler(channel.alloc());
        tls.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                handshake.inc();
            } else {
                connectionError.inc();
                channel.close();
            }
        });
        channel.pipeline().addLast(TLS, tls);
        inner.install(channel, worker);
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
