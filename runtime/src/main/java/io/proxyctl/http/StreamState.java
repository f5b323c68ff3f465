package io.proxyctl.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.proxyctl.format.FormatContext;
import io.proxyctl.router.RequestView;
import io.proxyctl.router.RouteEntry;
import io.proxyctl.upstream.Host;
import io.proxyctl.upstream.UpstreamCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What is known about one request: the request and response heads, timings, byte counts, route, upstream and
 * response flags. Serves route matching ({@link RequestView}) and access logs / header formats
 * ({@link FormatContext}); {@link HttpStream} adds the behaviour.
 */
abstract class StreamState implements FormatContext, RequestView {
    final Downstream conn;
    final HttpRequest request;
    final long startNanos;
    final String originalPath;
    String protocol;
    String downstreamAddress; // after x-forwarded-for processing
    RouteEntry route;
    UpstreamCluster cluster;
    String clusterName;
    Host host;
    HttpHeaders responseHeaders;
    HttpHeaders responseTrailers;
    int status;
    int flags;
    String details;
    String transportFailure;
    long bytesReceived;
    long bytesSent;
    long requestCompleteNanos;
    long upstreamHeadersNanos;
    long endNanos;
    private Map<String, String> query;

    /** @param startNanos when the request head arrived ({@link System#nanoTime()}) */
    StreamState(Downstream conn, HttpRequest request, long startNanos) {
        this.conn = conn;
        this.startNanos = startNanos;
        this.request = request;
        this.originalPath = request.uri();
        this.downstreamAddress = conn.remoteAddress;
    }

    void setFlag(ResponseFlag f) {
        flags |= f.bit;
    }

    // ---- RequestView

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String path() {
        return request.uri();
    }

    @Override
    public String header(String name) {
        if (!name.isEmpty() && name.charAt(0) == ':') {
            return switch (name) {
                case ":method" -> method();
                case ":path" -> request.uri();
                case ":authority" -> request.headers().get(HttpHeaderNames.HOST);
                case ":scheme" -> "http";
                default -> null;
            };
        }
        HttpHeaders h = request.headers();
        List<String> all = h.getAll(name);
        if (all.isEmpty()) {
            return null;
        }
        return all.size() == 1 ? all.get(0) : String.join(",", all);
    }

    @Override
    public String queryParameter(String name) {
        if (query == null) {
            query = new HashMap<>();
            QueryStringDecoder d = new QueryStringDecoder(request.uri());
            for (Map.Entry<String, List<String>> e : d.parameters().entrySet()) {
                if (!e.getValue().isEmpty()) {
                    query.put(e.getKey(), e.getValue().get(0));
                }
            }
        }
        return query.get(name);
    }

    @Override
    public String cookie(String name) {
        for (String c : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            int i = 0;
            while (i < c.length()) {
                int semi = c.indexOf(';', i);
                int end = semi < 0 ? c.length() : semi;
                int eq = c.indexOf('=', i);
                if (eq > 0 && eq < end && c.substring(i, eq).trim().equals(name)) {
                    String v = c.substring(eq + 1, end).trim();
                    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
                }
                i = end + 1;
            }
        }
        return null;
    }

    @Override
    public String sourceIp() {
        return io.proxyctl.http.ForwardingHeaders.ipOf(downstreamAddress);
    }

    // ---- FormatContext

    @Override
    public CharSequence requestHeader(String name) {
        return header(name);
    }

    @Override
    public CharSequence responseHeader(String name) {
        HttpHeaders h = responseHeaders;
        return h == null ? null : h.get(name);
    }

    @Override
    public CharSequence responseTrailer(String name) {
        HttpHeaders h = responseTrailers;
        return h == null ? null : h.get(name);
    }

    @Override
    public long startTimeMillis() {
        // Derived when a log asks instead of a second clock read for every request.
        return System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Override
    public long durationMillis() {
        return endNanos == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
    }

    @Override
    public long requestDurationMillis() {
        return requestCompleteNanos == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(requestCompleteNanos - startNanos);
    }

    @Override
    public long responseDurationMillis() {
        return upstreamHeadersNanos == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(upstreamHeadersNanos - startNanos);
    }

    @Override
    public int responseCode() {
        return status;
    }

    @Override
    public String responseFlags() {
        return ResponseFlag.format(flags);
    }

    @Override
    public String responseCodeDetails() {
        return details;
    }

    @Override
    public String upstreamHost() {
        return host == null ? null : host.addressString();
    }

    @Override
    public String upstreamCluster() {
        return clusterName;
    }

    @Override
    public String routeName() {
        return route == null || route.name().isEmpty() ? null : route.name();
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
        return downstreamAddress;
    }

    @Override
    public String downstreamDirectRemoteAddress() {
        return conn.remoteAddress;
    }

    @Override
    public String downstreamLocalAddress() {
        return conn.localAddress;
    }

    @Override
    public String upstreamLocalAddress() {
        return null;
    }

    @Override
    public String upstreamTransportFailureReason() {
        return transportFailure;
    }

    @Override
    public long connectionId() {
        return conn.id;
    }
}
