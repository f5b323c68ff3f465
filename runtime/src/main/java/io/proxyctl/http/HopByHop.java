package io.proxyctl.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/** Removes hop-by-hop headers (RFC 9110 7.6.1) before a message crosses the proxy. */
final class HopByHop {
    static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");

    private HopByHop() {
    }

    /**
     * Removes connection, keep-alive, proxy-connection, te (except "trailers"), the headers the connection
     * header nominates, and upgrade unless {@code keepUpgrade}. Transfer-encoding stays: it describes how the
     * streamed body is framed and the codec re-frames from it.
     */
    static void strip(HttpHeaders h, boolean keepUpgrade) {
        List<String> conn = h.getAll(HttpHeaderNames.CONNECTION);
        if (conn.size() == 1 && (HttpHeaderValues.KEEP_ALIVE.contentEqualsIgnoreCase(conn.get(0))
                || HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(conn.get(0)))) {
            // The common case on every keep-alive response: nothing is nominated, skip the token split.
            h.remove(HttpHeaderNames.CONNECTION);
        } else if (!conn.isEmpty()) {
            for (String v : conn) {
                for (String token : v.split(",")) {
                    String t = token.trim();
                    if (!t.isEmpty() && !t.equalsIgnoreCase("close") && !t.equalsIgnoreCase("keep-alive")
                            && !t.equalsIgnoreCase("upgrade") && !t.equalsIgnoreCase("transfer-encoding")) {
                        h.remove(t);
                    }
                }
            }
            h.remove(HttpHeaderNames.CONNECTION);
        }
        h.remove(HttpHeaderNames.KEEP_ALIVE);
        h.remove(PROXY_CONNECTION);
        String te = h.get(HttpHeaderNames.TE);
        if (te != null && !te.trim().equalsIgnoreCase("trailers")) {
            h.remove(HttpHeaderNames.TE);
        }
        if (!keepUpgrade) {
            h.remove(HttpHeaderNames.UPGRADE);
        }
    }
}
