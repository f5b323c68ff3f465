package io.proxyctl.format;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code %START_TIME%} and {@code %START_TIME(strftime)%} in UTC. The parts that only change once a second are
 * rendered once per second and cached; only sub-second digits are formatted per request.
 */
final class StartTimeOperator extends Operator {
    /** Envoy's default: {@code 2024-01-31T12:00:00.000Z}. */
    static final String DEFAULT = "%Y-%m-%dT%H:%M:%E3SZ";

    /** A run of the compiled pattern: either text fixed for a whole second, or {@code digits} sub-second digits. */
    private record Part(String pattern, int fractionDigits, boolean epochMillis) {
    }

    private record Cache(long second, String[] rendered) {
    }

    private final Part[] parts;
    private volatile Cache cache = new Cache(Long.MIN_VALUE, null);

    StartTimeOperator(String format) {
        this.parts = compile(format == null || format.isEmpty() ? DEFAULT : format);
    }

    @Override
    boolean append(FormatContext ctx, StringBuilder out) {
        long millis = ctx.startTimeMillis();
        if (millis <= 0) {
            return false;
        }
        long second = Math.floorDiv(millis, 1000);
        Cache c = cache;
        if (c.second != second) {
            c = render(second);
            cache = c;
        }
        int ms = (int) Math.floorMod(millis, 1000);
        for (int i = 0; i < parts.length; i++) {
            Part p = parts[i];
            if (p.pattern != null) {
                out.append(c.rendered[i]);
            } else if (p.epochMillis) {
                out.append(millis);
            } else {
                appendFraction(out, ms, p.fractionDigits);
            }
        }
        return true;
    }

    private static void appendFraction(StringBuilder out, int ms, int digits) {
        // Millisecond precision is what the clock gives; further digits are zeros.
        String three = ms < 10 ? "00" + ms : ms < 100 ? "0" + ms : Integer.toString(ms);
        if (digits <= 3) {
            out.append(three, 0, digits);
        } else {
            out.append(three);
            for (int i = 3; i < digits; i++) {
                out.append('0');
            }
        }
    }

    private Cache render(long second) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
        String[] r = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].pattern != null) {
                r[i] = strftime(parts[i].pattern, t, second);
            }
        }
        return new Cache(second, r);
    }

    /** Splits the pattern at sub-second specifiers ({@code %f}, {@code %3f}, {@code %E3S}). */
    private static Part[] compile(String f) {
        List<Part> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c != '%' || i + 1 >= f.length()) {
                run.append(c);
                continue;
            }
            char n = f.charAt(i + 1);
            if (n == 'f') {
                flush(out, run);
                out.add(new Part(null, 9, false));
                i++;
            } else if (n >= '1' && n <= '9' && i + 2 < f.length() && f.charAt(i + 2) == 'f') {
                flush(out, run);
                out.add(new Part(null, n - '0', false));
                i += 2;
            } else if (n == 'E' && i + 3 < f.length() && Character.isDigit(f.charAt(i + 2)) && f.charAt(i + 3) == 'S') {
                run.append("%S.");
                flush(out, run);
                out.add(new Part(null, f.charAt(i + 2) - '0', false));
                i += 3;
            } else if (n == 'E' && i + 3 < f.length() && f.charAt(i + 2) == 'n' && f.charAt(i + 3) == 'S') {
                run.append("%S.");
                flush(out, run);
                out.add(new Part(null, 9, false));
                i += 3;
            } else {
                run.append(c).append(n);
                i++;
            }
        }
        flush(out, run);
        return out.toArray(new Part[0]);
    }

    private static void flush(List<Part> out, StringBuilder run) {
        if (run.length() > 0) {
            out.add(new Part(run.toString(), 0, false));
            run.setLength(0);
        }
    }

    /** The strftime subset Envoy configs use, always in UTC. */
    static String strftime(String p, LocalDateTime t, long epochSecond) {
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c != '%' || i + 1 >= p.length()) {
                sb.append(c);
                continue;
            }
            char n = p.charAt(++i);
            switch (n) {
                case 'Y' -> sb.append(t.getYear());
                case 'y' -> pad(sb, t.getYear() % 100, 2);
                case 'm' -> pad(sb, t.getMonthValue(), 2);
                case 'd' -> pad(sb, t.getDayOfMonth(), 2);
                case 'e' -> {
                    int d = t.getDayOfMonth();
                    sb.append(d < 10 ? " " : "").append(d);
                }
                case 'H' -> pad(sb, t.getHour(), 2);
                case 'I' -> pad(sb, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2);
                case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
                case 'M' -> pad(sb, t.getMinute(), 2);
                case 'S' -> pad(sb, t.getSecond(), 2);
                case 'j' -> pad(sb, t.getDayOfYear(), 3);
                case 'a' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'A' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
                case 'b', 'h' -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'B' -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
                case 'z' -> sb.append("+0000");
                case 'Z' -> sb.append("UTC");
                case 's' -> sb.append(epochSecond);
                case 'F' -> sb.append(strftime("%Y-%m-%d", t, epochSecond));
                case 'T' -> sb.append(strftime("%H:%M:%S", t, epochSecond));
                case 'D' -> sb.append(strftime("%m/%d/%y", t, epochSecond));
                case 'R' -> sb.append(strftime("%H:%M", t, epochSecond));
                case 'u' -> sb.append(t.getDayOfWeek().getValue());
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case '%' -> sb.append('%');
                default -> sb.append('%').append(n);
            }
        }
        return sb.toString();
    }

    private static void pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }
}
