package io.proxyctl.network;

import io.netty.util.NetUtil;
import io.proxyctl.config.model.CidrRange;

/** A compiled CIDR range: matches raw address bytes by prefix. */
final class Cidr {
    private final byte[] prefix;
    private final int bits;

    Cidr(CidrRange r, String where) {
        byte[] p = NetUtil.createByteArrayFromIpAddressString(r.addressPrefix());
        if (p == null) {
            throw new IllegalArgumentException(where + ": invalid CIDR address '" + r.addressPrefix() + "'");
        }
        this.prefix = p;
        int max = p.length * 8;
        this.bits = r.prefixLen() < 0 ? max : Math.min(r.prefixLen(), max);
    }

    int bits() {
        return bits;
    }

    boolean matches(byte[] ip) {
        if (ip == null || ip.length != prefix.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (ip[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (ip[full] & mask) == (prefix[full] & mask);
    }

    /** The longest matching prefix length among {@code ranges}, -1 when none matches. */
    static int longestMatch(Cidr[] ranges, byte[] ip) {
        int best = -1;
        for (Cidr c : ranges) {
            if (c.matches(ip)) {
                best = Math.max(best, c.bits);
            }
        }
        return best;
    }
}
