package io.proxyctl.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.NetUtil;
import io.proxyctl.config.model.HttpConnectionManager;

/**
 * The request headers the connection manager sets before routing, as Envoy's
 * {@code ConnectionManagerUtility::mutateRequestHeaders}: x-forwarded-for, x-forwarded-proto, x-envoy-internal,
 * x-envoy-external-address and x-request-id.
 */
final class ForwardingHeaders {
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    static final AsciiString X_ENVOY_INTERNAL = AsciiString.cached("x-envoy-internal");
    static final AsciiString X_ENVOY_EXTERNAL_ADDRESS = AsciiString.cached("x-envoy-external-address");

    private ForwardingHeaders() {
    }

    /**
     * Applies the forwarding rules and returns the address Envoy treats as the client's ({@code ip:port} or a
     * bare ip from x-forwarded-for).
     */
    static String apply(HttpHeaders h, HttpConnectionManager.Forwarding f, String peerAddress, String peerIp,
                        String scheme) {
        String client;
        if (f.useRemoteAddress()) {
            String xff = h.get(X_FORWARDED_FOR);
            client = peerAddress;
            if (f.xffNumTrustedHops() > 0 && xff != null) {
                String trusted = nthFromRight(xff, f.xffNumTrustedHops() - 1);
                if (trusted != null) {
                    client = trusted;
                }
            }
            if (!f.skipXffAppend()) {
                h.set(X_FORWARDED_FOR, xff == null || xff.isEmpty() ? peerIp : xff + "," + peerIp);
            }
            h.set(X_FORWARDED_PROTO, scheme);
            String clientIp = ipOf(client);
            if (isInternal(clientIp)) {
                h.set(X_ENVOY_INTERNAL, "true");
                h.remove(X_ENVOY_EXTERNAL_ADDRESS);
            } else {
                h.remove(X_ENVOY_INTERNAL);
                h.set(X_ENVOY_EXTERNAL_ADDRESS, clientIp);
            }
        } else {
            String xff = h.get(X_FORWARDED_FOR);
            client = peerAddress;
            if (xff != null) {
                String fromXff = nthFromRight(xff, f.xffNumTrustedHops());
                if (fromXff != null) {
                    client = fromXff;
                }
            }
            if (!h.contains(X_FORWARDED_PROTO)) {
                h.set(X_FORWARDED_PROTO, scheme);
            }
        }
        if (f.generateRequestId()) {
            boolean external = f.useRemoteAddress() && !isInternal(ipOf(client));
            if (!h.contains(X_REQUEST_ID) || external && !f.preserveExternalRequestId()) {
                h.set(X_REQUEST_ID, RequestIds.uuid4());
            }
        }
        return client;
    }

    /** The n-th (0 = last) comma-separated entry from the right, trimmed, or null. */
    static String nthFromRight(String list, int n) {
        int end = list.length();
        for (int i = 0; ; i++) {
            int comma = list.lastIndexOf(',', end - 1);
            if (i == n) {
                String v = list.substring(comma + 1, end).trim();
                return v.isEmpty() ? null : v;
            }
            if (comma < 0) {
                return null;
            }
            end = comma;
        }
    }

    /** The IP part of {@code ip:port}, {@code [v6]:port} or a bare ip. */
    static String ipOf(String address) {
        if (address == null) {
            return null;
        }
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            return close > 0 ? address.substring(1, close) : address;
        }
        int colon = address.indexOf(':');
        if (colon > 0 && address.indexOf(':', colon + 1) < 0) {
            return address.substring(0, colon);
        }
        return address;
    }

    /** RFC 1918, loopback, link-local and unique-local addresses are internal, as in Envoy. */
    static boolean isInternal(String ip) {
        if (ip == null) {
            return false;
        }
        byte[] b = NetUtil.createByteArrayFromIpAddressString(ip);
        if (b == null) {
            return false;
        }
        if (b.length == 4) {
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            return a0 == 10 || a0 == 127 || a0 == 172 && a1 >= 16 && a1 < 32 || a0 == 192 && a1 == 168;
        }
        boolean loopback = true;
        for (int i = 0; i < 15; i++) {
            loopback &= b[i] == 0;
        }
        return loopback && b[15] == 1 || (b[0] & 0xfe) == 0xfc;
    }

    /** The requested upgrade protocol (lower case) when the request asks to upgrade, else null. */
    static String upgradeType(HttpHeaders h) {
        String upgrade = h.get(HttpHeaderNames.UPGRADE);
        if (upgrade == null || !h.containsValue(HttpHeaderNames.CONNECTION, "upgrade", true)) {
            return null;
        }
        return upgrade.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
