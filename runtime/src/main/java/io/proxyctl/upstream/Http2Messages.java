package io.proxyctl.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * Converts between HTTP/2 header blocks and the HTTP/1-shaped messages the HTTP stream works with, directly on the
 * frame listener's callbacks (no per-stream channel or codec). Mirrors what Netty's
 * {@code Http2StreamFrameToHttpObjectCodec} did for the proxy: a request head without END_STREAM and without
 * content-length is marked chunked (an HTTP/1.1 upstream needs a framing), cookie crumbs are joined with "; ",
 * pseudo-headers become the request line or status, and connection-specific headers never go out on HTTP/2.
 */
public final class Http2Messages {
    private static final AsciiString TRAILERS = HttpHeaderValues.TRAILERS;

    private static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    private static final AsciiString X_ENVOY_UPSTREAM_SERVICE_TIME = AsciiString.cached("x-envoy-upstream-service-time");
    /**
     * Headers whose value is new on almost every message (the request id, the upstream service time): sent as
     * literals never indexed, so they do not churn HPACK's dynamic table and evict the entries that do repeat.
     */
    public static final Http2HeadersEncoder.SensitivityDetector UNIQUE_VALUES = (name, value) ->
            X_REQUEST_ID.contentEqualsIgnoreCase(name) || X_ENVOY_UPSTREAM_SERVICE_TIME.contentEqualsIgnoreCase(name);

    private Http2Messages() {
    }

    /**
     * A connection whose send side shares the windows out uniformly among the streams with data: the proxy ignores
     * HTTP/2 priorities (deprecated by RFC 9113), and the weighted priority tree costs an allocation and tree
     * upkeep per stream.
     */
    public static Http2Connection newConnection(boolean server) {
        DefaultHttp2Connection c = new DefaultHttp2Connection(server);
        c.remote().flowController(new DefaultHttp2RemoteFlowController(c, new UniformStreamByteDistributor(c)));
        return c;
    }

    /** The request of a HEADERS frame that opens a stream. */
    public static HttpRequest request(int streamId, Http2Headers h, boolean endStream) throws Http2Exception {
        CharSequence method = h.method();
        CharSequence path = h.path();
        if (method == null) {
            throw Http2Exception.streamError(streamId, Http2Error.PROTOCOL_ERROR, "missing :method");
        }
        boolean connect = HttpMethod.CONNECT.asciiName().contentEquals(method);
        if (path == null && !connect) {
            throw Http2Exception.streamError(streamId, Http2Error.PROTOCOL_ERROR, "missing :path");
        }
        HttpHeaders out = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        copy(h, out);
        CharSequence authority = h.authority();
        if (authority != null && !out.contains(HttpHeaderNames.HOST)) {
            out.set(HttpHeaderNames.HOST, authority);
        }
        String uri = connect && path == null ? (authority == null ? "" : authority.toString()) : path.toString();
        DefaultHttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method.toString()),
                uri, out);
        if (!endStream && !out.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            out.add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        return r;
    }

    /** The response head of a HEADERS frame (an informational one too: its end follows separately). */
    public static HttpResponse response(int streamId, Http2Headers h) throws Http2Exception {
        CharSequence status = h.status();
        if (status == null) {
            throw Http2Exception.streamError(streamId, Http2Error.PROTOCOL_ERROR, "missing :status");
        }
        HttpResponseStatus st = HttpResponseStatus.parseLine(status);
        HttpHeaders out = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        copy(h, out);
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, st, out);
    }

    /** The end of a message carried by a trailing HEADERS frame. */
    public static LastHttpContent trailers(Http2Headers h) {
        DefaultLastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER,
                DefaultHttpHeadersFactory.trailersFactory().withValidation(false));
        copy(h, last.trailingHeaders());
        return last;
    }

    /** A DATA frame's payload (retained here) as message content. */
    public static HttpContent content(ByteBuf data, boolean endStream) {
        // The end of a body without trailers shares one empty, read-only trailer map instead of a new one each.
        return endStream ? new DefaultLastHttpContent(data.retain(), EmptyHttpHeaders.INSTANCE)
                : new DefaultHttpContent(data.retain());
    }

    /**
     * Writes a message's body content on stream {@code id} (not flushed): DATA, then trailing HEADERS when the end
     * carries trailers. Takes ownership of {@code c}.
     */
    public static void writeContent(Http2ConnectionEncoder encoder, ChannelHandlerContext ctx, int id, HttpContent c) {
        ByteBuf data = c.content();
        if (c instanceof LastHttpContent last) {
            boolean trailers = !last.trailingHeaders().isEmpty();
            if (data.isReadable() || !trailers) {
                encoder.writeData(ctx, id, data, 0, !trailers, ctx.newPromise());
            } else {
                data.release();
            }
            if (trailers) {
                encoder.writeHeaders(ctx, id, trailerHeaders(last.trailingHeaders()), 0, true, ctx.newPromise());
            }
        } else if (data.isReadable()) {
            encoder.writeData(ctx, id, data, 0, false, ctx.newPromise());
        } else {
            data.release();
        }
    }

    /** The header block of a request head, with its pseudo-headers. */
    public static Http2Headers requestHeaders(HttpRequest r, CharSequence scheme) {
        HttpHeaders in = r.headers();
        DefaultHttp2Headers out = new DefaultHttp2Headers(false, in.size() + 4);
        out.method(r.method().asciiName());
        out.path(r.uri());
        out.scheme(scheme);
        String host = in.get(HttpHeaderNames.HOST);
        if (host != null) {
            out.authority(host);
        }
        copy(in, out, true);
        return out;
    }

    /** The header block of a response head. */
    public static Http2Headers responseHeaders(HttpResponse r) {
        HttpHeaders in = r.headers();
        DefaultHttp2Headers out = new DefaultHttp2Headers(false, in.size() + 1);
        out.status(r.status().codeAsText());
        copy(in, out, false);
        return out;
    }

    /** The header block of trailers. */
    public static Http2Headers trailerHeaders(HttpHeaders in) {
        DefaultHttp2Headers out = new DefaultHttp2Headers(false, in.size());
        copy(in, out, false);
        return out;
    }

    /** True when {@code m} is a complete message with neither body nor trailers (one HEADERS frame with END_STREAM). */
    public static boolean headersOnly(HttpMessage m) {
        return m instanceof FullHttpMessage full && !full.content().isReadable() && full.trailingHeaders().isEmpty();
    }

    private static void copy(Http2Headers in, HttpHeaders out) {
        StringBuilder cookies = null;
        for (Map.Entry<CharSequence, CharSequence> e : in) {
            CharSequence name = e.getKey();
            if (name.length() == 0 || name.charAt(0) == ':') {
                continue;
            }
            if (HttpHeaderNames.COOKIE.contentEqualsIgnoreCase(name)) {
                // RFC 9113 8.2.3: crumbs split over several fields are one cookie header for HTTP/1.1.
                if (cookies == null) {
                    cookies = new StringBuilder(e.getValue());
                } else {
                    cookies.append("; ").append(e.getValue());
                }
                continue;
            }
            out.add(name, e.getValue());
        }
        if (cookies != null) {
            out.set(HttpHeaderNames.COOKIE, cookies.toString());
        }
    }

    private static void copy(HttpHeaders in, Http2Headers out, boolean request) {
        Iterator<Map.Entry<CharSequence, CharSequence>> it = in.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            CharSequence name = lower(e.getKey());
            if (connectionSpecific(name, request)) {
                if (HttpHeaderNames.TE.contentEquals(name) && AsciiString.contentEqualsIgnoreCase(e.getValue(), TRAILERS)) {
                    out.add(HttpHeaderNames.TE, TRAILERS);
                }
                continue;
            }
            out.add(name, e.getValue());
        }
    }

    // RFC 9113 8.2.2: fields that only make sense for one HTTP/1.1 connection; :authority replaces host. Compared
    // only when the length matches: this runs for every header of every message.
    private static boolean connectionSpecific(CharSequence name, boolean request) {
        return switch (name.length()) {
            case 2 -> HttpHeaderNames.TE.contentEquals(name);
            case 4 -> request && HttpHeaderNames.HOST.contentEquals(name);
            case 7 -> HttpHeaderNames.UPGRADE.contentEquals(name);
            case 10 -> HttpHeaderNames.CONNECTION.contentEquals(name) || HttpHeaderNames.KEEP_ALIVE.contentEquals(name);
            case 16 -> HttpHeaderNames.PROXY_CONNECTION.contentEquals(name);
            case 17 -> HttpHeaderNames.TRANSFER_ENCODING.contentEquals(name);
            default -> false;
        };
    }

    private static CharSequence lower(CharSequence name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return AsciiString.of(name).toLowerCase();
            }
        }
        return name;
    }
}
