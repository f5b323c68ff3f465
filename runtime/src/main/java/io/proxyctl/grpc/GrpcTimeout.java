package io.proxyctl.grpc;

/**
 * The {@code grpc-timeout} request header: {@code TimeoutValue TimeoutUnit}, at most 8 digits, units
 * {@code H M S m u n}. Parsing and formatting follow Envoy's {@code Grpc::Common::getGrpcTimeout} and
 * {@code toGrpcTimeout}: sub-millisecond values round up, formatting picks the smallest unit that fits.
 */
public final class GrpcTimeout {
    /** Header name. */
    public static final String HEADER = "grpc-timeout";
    static final long MAX_VALUE = 99_999_999L;

    private GrpcTimeout() {
    }

    /** The timeout in milliseconds, or -1 when the value is absent or malformed (Envoy then ignores it). */
    public static long parseMillis(CharSequence value) {
        if (value == null || value.length() < 2) {
            return -1;
        }
        int n = value.length() - 1;
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
            if (v > MAX_VALUE) {
                return -1;
            }
        }
        return switch (value.charAt(n)) {
            case 'H' -> v * 3_600_000L;
            case 'M' -> v * 60_000L;
            case 'S' -> v * 1_000L;
            case 'm' -> v;
            case 'u' -> (v + 999) / 1_000;
            case 'n' -> (v + 999_999) / 1_000_000;
            default -> -1;
        };
    }

    /** Formats milliseconds: {@code m} while the value has at most 8 digits, then seconds, minutes, hours. */
    public static String format(long millis) {
        long t = millis;
        char unit = 'm';
        if (t > MAX_VALUE) {
            t /= 1000;
            unit = 'S';
        }
        while (t > MAX_VALUE) {
            if (unit == 'H') {
                t = MAX_VALUE;
            } else {
                t /= 60;
                unit = unit == 'S' ? 'M' : 'H';
            }
        }
        return Long.toString(t) + unit;
    }
}
