package io.proxyctl.upstream;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;

/**
 * The trailers factory of the HTTP/1 codecs on both sides: validating like Netty's, but sized for the few entries
 * trailers have. The decoders attach a trailers map to every message end and almost every message has none;
 * the default map's 16-slot table was about a tenth of the bytes a proxied request allocated.
 */
public final class TrailerHeaders implements HttpHeadersFactory {
    public static final TrailerHeaders FACTORY = new TrailerHeaders();

    private TrailerHeaders() {
    }

    @Override
    public HttpHeaders newHeaders() {
        return DefaultHttpHeadersFactory.trailersFactory().newEmptyHeaders();
    }

    @Override
    public HttpHeaders newEmptyHeaders() {
        return DefaultHttpHeadersFactory.trailersFactory().newEmptyHeaders();
    }
}
