package io.proxyctl.network;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code tls_inspector} learns from the start of a connection: whether it is TLS, and the SNI and ALPN of
 * its ClientHello. Parsing never consumes the buffer.
 *
 * @param transport  "tls" or "raw_buffer"
 * @param serverName the SNI host name, or null
 * @param alpn       the offered ALPN protocols
 */
record ClientHello(String transport, String serverName, List<String> alpn) {
    static final ClientHello RAW = new ClientHello("raw_buffer", null, List.of());
    /** The largest TLS record (2^14 bytes plus expansion allowance) plus its 5-byte header. */
    static final int MAX_RECORD = 5 + 16384 + 2048;

    ClientHello {
        alpn = List.copyOf(alpn);
    }

    /**
     * Inspects the readable bytes of {@code in}: null when more bytes are needed, {@link #RAW} when they are not
     * a TLS handshake record, else the parsed ClientHello (SNI and ALPN left empty when the first record does not
     * hold a well-formed one).
     */
    static ClientHello inspect(ByteBuf in) {
        int r = in.readerIndex();
        if (in.readableBytes() < 1) {
            return null;
        }
        if (in.getUnsignedByte(r) != 22) {
            return RAW;
        }
        if (in.readableBytes() < 5) {
            return null;
        }
        if (in.getUnsignedByte(r + 1) != 3) {
            return RAW;
        }
        int recordLength = in.getUnsignedShort(r + 3);
        if (in.readableBytes() < 5 + recordLength) {
            return null;
        }
        try {
            return parse(in, r + 5, r + 5 + recordLength);
        } catch (IndexOutOfBoundsException e) {
            return new ClientHello("tls", null, List.of());
        }
    }

    private static ClientHello parse(ByteBuf b, int start, int end) {
        ClientHello none = new ClientHello("tls", null, List.of());
        if (b.getUnsignedByte(start) != 1) {
            return none;
        }
        int p = start + 4 + 2 + 32; // handshake header, legacy_version, random
        p += 1 + b.getUnsignedByte(p); // session id
        p += 2 + b.getUnsignedShort(p); // cipher suites
        p += 1 + b.getUnsignedByte(p); // compression methods
        if (p + 2 > end) {
            return none;
        }
        int extEnd = Math.min(end, p + 2 + b.getUnsignedShort(p));
        p += 2;
        String sni = null;
        List<String> alpn = new ArrayList<>();
        while (p + 4 <= extEnd) {
            int type = b.getUnsignedShort(p);
            int len = b.getUnsignedShort(p + 2);
            int body = p + 4;
            if (body + len > extEnd) {
                break;
            }
            if (type == 0 && len >= 5) {
                // server_name: list length, then entries of (type, length, name); the first host_name wins.
                int q = body + 2;
                while (q + 3 <= body + len && sni == null) {
                    int nameType = b.getUnsignedByte(q);
                    int nameLen = b.getUnsignedShort(q + 1);
                    if (nameType == 0 && q + 3 + nameLen <= body + len) {
                        sni = b.toString(q + 3, nameLen, StandardCharsets.US_ASCII);
                    }
                    q += 3 + nameLen;
                }
            } else if (type == 16 && len >= 2) {
                int q = body + 2;
                while (q < body + len) {
                    int l = b.getUnsignedByte(q);
                    if (q + 1 + l > body + len) {
                        break;
                    }
                    alpn.add(b.toString(q + 1, l, StandardCharsets.US_ASCII));
                    q += 1 + l;
                }
            }
            p = body + len;
        }
        return new ClientHello("tls", sni, alpn);
    }
}
