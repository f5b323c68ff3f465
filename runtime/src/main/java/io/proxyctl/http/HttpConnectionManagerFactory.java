package io.proxyctl.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.proxyctl.network.NetworkFilterFactory;

/**
 * The HTTP connection manager as a network filter: installs, per connection of its filter chain, HTTP/1.1
 * ({@code HttpServerCodec}, streaming, no aggregation, and a {@link DownstreamConnection}) or HTTP/2 (frame codec,
 * stream multiplexer and an {@link Http2DownstreamConnection}) as {@code codec_type} and the client ask.
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

    /**
     * HTTP/1.1 for {@code codec_type: HTTP1}, HTTP/2 for {@code HTTP2}; {@code AUTO} starts as HTTP/1.1 and
     * switches to HTTP/2 when the first bytes ask for it ({@link PrefaceSniffer}).
     */
    @Override
    public void install(Channel channel, int worker) {
        switch (cfg.codecType) {
            case HTTP1 -> installHttp1(channel, worker, true);
            case HTTP2 -> Http2DownstreamConnection.install(channel, cfg, worker, maxHeaderBytes, false);
            default -> {
                DownstreamConnection conn = installHttp1(channel, worker, false);
                String first = cfg.requestHeadersTimeoutMillis > 0 ? DownstreamConnection.HEAD_WATCH : DownstreamConnection.CODEC;
                channel.pipeline().addBefore(first, "sniff", new PrefaceSniffer(this, conn, worker));
            }
        }
    }

    private DownstreamConnection installHttp1(Channel channel, int worker, boolean countHttp1) {
        HttpDecoderConfig d = new HttpDecoderConfig().setMaxHeaderSize(maxHeaderBytes)
                .setMaxInitialLineLength(maxHeaderBytes).setMaxChunkSize(64 * 1024)
                .setHeadersFactory(HeaderCheck.PARSED) // HttpStream validates each head once (HeaderCheck)
                .setTrailersFactory(io.proxyctl.upstream.TrailerHeaders.FACTORY);
        DownstreamConnection conn = new DownstreamConnection(cfg, worker, countHttp1);
        if (cfg.requestHeadersTimeoutMillis > 0) {
            channel.pipeline().addLast(DownstreamConnection.HEAD_WATCH, new RequestHeadWatch(conn));
        }
        channel.pipeline().addLast(DownstreamConnection.CODEC, new HttpServerCodec(d));
        channel.pipeline().addLast("hcm", conn);
        return conn;
    }

    /** The first bytes of an AUTO connection were HTTP/2: replace the HTTP/1.1 handlers, keeping its counts. */
    void switchToHttp2(Channel channel, DownstreamConnection http1, int worker) {
        http1.handOver();
        ChannelPipeline p = channel.pipeline();
        if (p.get(DownstreamConnection.HEAD_WATCH) != null) {
            p.remove(DownstreamConnection.HEAD_WATCH);
        }
        p.remove(DownstreamConnection.CODEC);
        p.remove(http1);
        Http2DownstreamConnection.install(channel, cfg, worker, maxHeaderBytes, true);
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
        Http2DownstreamConnection h2 = d == null ? channel.pipeline().get(Http2DownstreamConnection.class) : null;
        if (d != null) {
            d.drain();
        } else if (h2 != null) {
            h2.drain();
        } else {
            channel.close();
        }
    }

    @Override
    public boolean busy(Channel channel) {
        DownstreamConnection d = channel.pipeline().get(DownstreamConnection.class);
        if (d != null) {
            return d.busy();
        }
        Http2DownstreamConnection h2 = channel.pipeline().get(Http2DownstreamConnection.class);
        return h2 != null && h2.busy();
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
