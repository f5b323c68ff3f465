package io.proxyctl.http;

import io.netty.channel.Channel;
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
     * HTTP/1.1 for {@code codec_type: HTTP1}, HTTP/2 for {@code HTTP2}; {@code AUTO} decides per connection from
     * ALPN or the connection preface ({@link ProtocolDetector}).
     */
    @Override
    public void install(Channel channel, int worker) {
        switch (cfg.codecType) {
            case HTTP1 -> installHttp1(channel, worker);
            case HTTP2 -> installHttp2(channel, worker);
            default -> channel.pipeline().addLast("detect", new ProtocolDetector(this, worker));
        }
    }

    void installHttp1(Channel channel, int worker) {
        HttpDecoderConfig d = new HttpDecoderConfig().setMaxHeaderSize(maxHeaderBytes)
                .setMaxInitialLineLength(maxHeaderBytes).setMaxChunkSize(64 * 1024);
        DownstreamConnection conn = new DownstreamConnection(cfg, worker);
        if (cfg.requestHeadersTimeoutMillis > 0) {
            channel.pipeline().addLast(DownstreamConnection.HEAD_WATCH, new RequestHeadWatch(conn));
        }
        channel.pipeline().addLast(DownstreamConnection.CODEC, new HttpServerCodec(d));
        channel.pipeline().addLast("hcm", conn);
    }

    void installHttp2(Channel channel, int worker) {
        Http2DownstreamConnection.install(channel, cfg, worker, maxHeaderBytes);
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
