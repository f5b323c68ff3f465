package io.proxyctl.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.proxyctl.network.NetworkFilterFactory;

/**
 * The HTTP connection manager as a network filter: installs {@code HttpServerCodec} (streaming, no aggregation)
 * and a {@link DownstreamConnection} on each connection of its filter chain.
 */
public final class HttpConnectionManagerFactory implements NetworkFilterFactory {
    private final HcmConfig cfg;
    private final int maxHeaderBytes;

    public HttpConnectionManagerFactory(HcmConfig cfg) {
        this.cfg = cfg;
        this.maxHeaderBytes = Math.max(1, cfg.config.maxRequestHeadersKb()) * 1024;
    }

    public HcmConfig config() {
        return cfg;
    }

    @Override
    public void install(Channel channel, int worker) {
        HttpDecoderConfig d = new HttpDecoderConfig().setMaxHeaderSize(maxHeaderBytes)
                .setMaxInitialLineLength(maxHeaderBytes).setMaxChunkSize(64 * 1024);
        DownstreamConnection conn = new DownstreamConnection(cfg, worker);
        if (cfg.requestHeadersTimeoutMillis > 0) {
            channel.pipeline().addLast(DownstreamConnection.HEAD_WATCH, new RequestHeadWatch(conn));
        }
        channel.pipeline().addLast(DownstreamConnection.CODEC, new HttpServerCodec(d));
        channel.pipeline().addLast("hcm", conn);
    }

    @Override
    public void startDraining() {
        cfg.startDraining();
    }

    @Override
    public void setHealthCheckFailed(boolean failed) {
        cfg.setHealthCheckFailed(failed);
    }

    @Override
    public void drain(Channel channel) {
        DownstreamConnection d = channel.pipeline().get(DownstreamConnection.class);
        if (d != null) {
            d.drain();
        } else {
            channel.close();
        }
    }

    @Override
    public boolean busy(Channel channel) {
        DownstreamConnection d = channel.pipeline().get(DownstreamConnection.class);
        return d != null && d.busy();
    }

    /** Existing connections keep their connection manager settings and route new streams on the new table. */
    @Override
    public boolean carryOver(NetworkFilterFactory replacement) {
        if (replacement instanceof HttpConnectionManagerFactory h) {
            cfg.swapRoutes(h.cfg.routes());
            return true;
        }
        return false;
    }

    @Override
    public long drainTimeoutMillis() {
        return cfg.drainTimeoutMillis();
    }
}
