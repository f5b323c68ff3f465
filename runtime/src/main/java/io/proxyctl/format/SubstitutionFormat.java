package io.proxyctl.format;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled Envoy format string: literal text and {@code %OPERATOR(args):len%} operators. Compile once with
 * {@link #compile(String)}; {@link #format} then appends without parsing.
 *
 * <pre>
 * SubstitutionFormat f = SubstitutionFormat.compile("%REQ(:METHOD)% %RESPONSE_CODE%\n");
 * f.format(ctx, sb);
 * </pre>
 */
public final class SubstitutionFormat {
    /** Envoy's default access log format. */
    public static final String DEFAULT_ACCESS_LOG = "[%START_TIME%] \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% "
            + "%PROTOCOL%\" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% "
            + "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% \"%REQ(X-FORWARDED-FOR)%\" \"%REQ(USER-AGENT)%\" "
            + "\"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\" \"%UPSTREAM_HOST%\"\n";

    private final Object[] parts; // String literals and Operators
    private final String literal; // non-null when the format has no operators

    private SubstitutionFormat(Object[] parts) {
        this.parts = parts;
        this.literal = parts.length == 0 ? "" : parts.length == 1 && parts[0] instanceof String s ? s : null;
    }

    /** Compiles a format string; throws {@link FormatException} for an unknown operator or a stray '%'. */
    public static SubstitutionFormat compile(String format) {
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        int n = format.length();
        while (i < n) {
            char c = format.charAt(i);
            if (c != '%') {
                lit.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && format.charAt(i + 1) == '%') {
                lit.append('%');
                i += 2;
                continue;
            }
            int j = i + 1;
            while (j < n && (Character.isUpperCase(format.charAt(j)) || Character.isDigit(format.charAt(j))
                    || format.charAt(j) == '_')) {
                j++;
            }
            String name = format.substring(i + 1, j);
            String args = null;
            if (j < n && format.charAt(j) == '(') {
                int close = format.indexOf(')', j);
                if (close < 0) {
                    throw new FormatException("unclosed '(' in format operator %" + name + " at offset " + i);
                }
                args = format.substring(j + 1, close);
                j = close + 1;
            }
            int max = 0;
            if (j < n && format.charAt(j) == ':') {
                int k = j + 1;
                while (k < n && Character.isDigit(format.charAt(k))) {
                    k++;
                }
                if (k == j + 1) {
                    throw new FormatException("expected a length after ':' in format operator %" + name + "%");
                }
                max = Integer.parseInt(format.substring(j + 1, k));
                j = k;
            }
            if (j >= n || format.charAt(j) != '%' || name.isEmpty()) {
                throw new FormatException("invalid format operator at offset " + i + " in '" + format
                        + "': expected %NAME%, %NAME(arg)% or %NAME(arg):length%");
            }
            if (lit.length() > 0) {
                parts.add(lit.toString());
                lit.setLength(0);
            }
            parts.add(Operators.compile(name, args, max));
            i = j + 1;
        }
        if (lit.length() > 0) {
            parts.add(lit.toString());
        }
        return new SubstitutionFormat(parts.toArray());
    }

    /** True when the format holds no operators (the output is always {@link #literal()}). */
    public boolean isLiteral() {
        return literal != null;
    }

    /** The constant output of an operator-free format, else null. */
    public String literal() {
        return literal;
    }

    /** Appends the formatted text; unavailable values print as {@code missing} (Envoy uses "-"). */
    public void format(FormatContext ctx, StringBuilder out, String missing) {
        for (Object p : parts) {
            if (p instanceof String s) {
                out.append(s);
            } else if (!((Operator) p).append(ctx, out) && missing != null) {
                out.append(missing);
            }
        }
    }

    /** Formats to a new string with "-" for unavailable values. */
    public String format(FormatContext ctx) {
        if (literal != null) {
            return literal;
        }
        StringBuilder sb = new StringBuilder(64);
        format(ctx, sb, "-");
        return sb.toString();
    }

    /**
     * The typed value for JSON: when the format is a single operator its own value (a Long for numeric operators,
     * null when unavailable), otherwise the text with "-" for unavailable parts.
     */
    Object jsonValue(FormatContext ctx) {
        if (parts.length == 1 && parts[0] instanceof Operator op) {
            return op.json(ctx);
        }
        return format(ctx);
    }
}
