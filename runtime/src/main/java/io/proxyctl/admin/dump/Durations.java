package io.proxyctl.admin.dump;

import io.proxyctl.config.tree.Tree;
import java.math.BigDecimal;
import java.util.Map;

/** google.protobuf.Duration in proto3 JSON form: seconds with 0, 3, 6 or 9 fractional digits and an {@code s}. */
final class Durations {
    private Durations() {
    }

    /** The canonical spelling of a Duration value ({@code "0.25s"}, {@code {seconds, nanos}}), or null. */
    static String normalize(Object v) {
        BigDecimal seconds = null;
        if (v instanceof String s && s.endsWith("s")) {
            try {
                seconds = new BigDecimal(s.substring(0, s.length() - 1));
            } catch (NumberFormatException e) {
                return null;
            }
        } else if (v instanceof Map<?, ?> m) {
            Object sec = Tree.get(m, "seconds");
            Object nanos = Tree.get(m, "nanos");
            try {
                BigDecimal s = sec == null ? BigDecimal.ZERO : new BigDecimal(String.valueOf(sec));
                BigDecimal n = nanos == null ? BigDecimal.ZERO : new BigDecimal(String.valueOf(nanos));
                seconds = s.add(n.movePointLeft(9));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (seconds == null) {
            return null;
        }
        return format(seconds);
    }

    static String format(BigDecimal seconds) {
        boolean negative = seconds.signum() < 0;
        BigDecimal abs = seconds.abs();
        long whole = abs.longValue();
        long nanos = abs.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        String frac;
        if (nanos == 0) {
            frac = "";
        } else if (nanos % 1_000_000 == 0) {
            frac = String.format(".%03d", nanos / 1_000_000);
        } else if (nanos % 1_000 == 0) {
            frac = String.format(".%06d", nanos / 1_000);
        } else {
            frac = String.format(".%09d", nanos);
        }
        return (negative ? "-" : "") + whole + frac + "s";
    }
}
