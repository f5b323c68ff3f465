package io.proxyctl.admin;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.proxyctl.format.FormatContext;
import java.util.concurrent.TimeUnit;

/** One admin request and its response, as the admin access log sees it. */
final class AdminExchange implements FormatContext {
    private final String method;
    private final String uri;
    private final HttpHeaders requestHeaders;
    private final String protocol;
    private final long startMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private final long bytesReceived;
    private final String remote;
    private final String local;
    private final long connectionId;
    private long endNanos;
    private int status;
    private HttpHeaders responseHeaders;
    private long bytesSent;

    AdminExchange(FullHttpRequest req, String remote, String local, long connectionId) {
        this.method = req.method().name();
        this.uri = req.uri();
        this.requestHeaders = req.headers().copy();
        this.protocol = req.protocolVersion().text();
        this.bytesReceived = req.content().readableBytes();
        this.remote = remote;
        this.local = local;
        this.connectionId = connectionId;
    }

    void responded(int code, HttpHeaders headers, long bodyBytes) {
        this.status = code;
        this.responseHeaders = headers;
        this.bytesSent = bodyBytes;
    }

    /** Marks the end of the exchange; returns its duration in ms. */
    long finish() {
        endNanos = System.nanoTime();
        return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
    }

    @Override
    public CharSequence requestHeader(String name) {
        return switch (name) {
            case ":method" -> method;
            case ":path" -> uri;
            case ":authority" -> requestHeaders.get(HttpHeaderNames.HOST);
            case ":scheme" -> "http";
            default -> requestHeaders.get(name);
        };
    }

    @Override
    public CharSequence responseHeader(String name) {
        return responseHeaders == null ? null : responseHeaders.get(name);
    }

    @Override
    public CharSequence responseTrailer(String name) {
        return null;
    }

    @Override
    public long startTimeMillis() {
        return startMillis;
    }

    @Override
    public long durationMillis() {
        return endNanos == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
    }

    @Override
    public long requestDurationMillis() {
        return 0;
    }

    @Override
    public long responseDurationMillis() {
        return -1;
    }

    @Override
    public int responseCode() {
        return status;
    }

    @Override
    public String responseFlags() {
        return "";
    }

    @Override
    public String responseCodeDetails() {
        return "admin_filter_response";
    }

    @Override
    public String upstreamHost() {
        return null;
    }

    @Override
    public String upstreamCluster() {
        return null;
    }

    @Override
    public String routeName() {
        return null;
    }

    @Override
    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public String downstreamRemoteAddress() {
        return remote;
    }

    @Override
    public String downstreamDirectRemoteAddress() {
        return remote;
    }

    @Override
    public String downstreamLocalAddress() {
        return local;
    }

    @Override
    public String upstreamLocalAddress() {
        return null;
    }

    @Override
    public String upstreamTransportFailureReason() {
        return null;
    }

    @Override
    public long connectionId() {
        return connectionId;
    }
}
