package io.proxyctl.http;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import java.util.Iterator;
import java.util.Map;

/**
 * Header validation done once per message instead of on every header write. The HTTP/1 codecs parse into maps
 * that do not validate ({@link #PARSED}); the stream checks each parsed head here, with the same rules Netty's
 * validating map applies on insert (names are tokens; values have no control characters but HTAB). The proxy's
 * own insertions (forwarding headers, request ids, config values the schema already checked) then skip the
 * per-call validation that cost several percent of a proxied request's CPU.
 */
final class HeaderCheck {
    /** For codec-parsed heads: no per-insert validation; {@link #firstInvalid} must run on each parsed head. */
    static final HttpHeadersFactory PARSED = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private HeaderCheck() {
    }

    /** A description of the first invalid header name or value, or null when all are valid. */
    static String firstInvalid(HttpHeaders h) {
        Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            CharSequence name = e.getKey();
            if (name.length() == 0 || HttpHeaderValidationUtil.validateToken(name) >= 0) {
                return "invalid header name '" + name + "'";
            }
            if (HttpHeaderValidationUtil.validateValidHeaderValue(e.getValue()) >= 0) {
                return "invalid value of header '" + name + "'";
            }
        }
        return null;
    }
}
