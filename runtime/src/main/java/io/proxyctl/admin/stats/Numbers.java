package io.proxyctl.admin.stats;

import java.math.BigDecimal;
import java.math.MathContext;

/** Envoy's number spellings: fmt's {@code {}} and {@code {:g}}, printf's {@code %g}, and {@code {:.32g}}. */
public final class Numbers {
    private Numbers() {
    }

    /** fmt {@code {}}: the shortest round-trip form, fixed notation for exponents in [-4, 16), "nan", "inf". */
    public static String shortest(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return Long.toString((long) d);
        }
        BigDecimal b = new BigDecimal(Double.toString(d));
        return general(b, 16);
    }

    /** printf {@code %g} (also fmt {@code {:g}}): 6 significant digits, trailing zeros removed. */
    public static String g(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal b = new BigDecimal(d).round(new MathContext(6));
        return general(b, 6);
    }

    /** fmt {@code {:.32g}}: up to 32 significant digits in fixed notation (bucket bounds, sums). */
    public static String precise(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return Long.toString((long) d);
        }
        return new BigDecimal(d).round(new MathContext(32)).stripTrailingZeros().toPlainString();
    }

    /** Fixed notation when the decimal exponent is in [-4, {@code upper}), else {@code 1.5e+20} style. */
    private static String general(BigDecimal b, int upper) {
        b = b.stripTrailingZeros();
        if (b.signum() == 0) {
            return "0";
        }
        int exp = b.precision() - b.scale() - 1;
        if (exp >= -4 && exp < upper) {
            return b.toPlainString();
        }
        BigDecimal mantissa = b.movePointLeft(exp).stripTrailingZeros();
        String e = Integer.toString(Math.abs(exp));
        return mantissa.toPlainString() + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
}
