package io.proxyctl.http;

/** Envoy's response flags, in the order Envoy prints them in {@code %RESPONSE_FLAGS%}. */
public enum ResponseFlag {
    /** No healthy upstream. */
    UH,
    /** Upstream request timeout. */
    UT,
    /** Local reset. */
    LR,
    /** Upstream remote reset. */
    UR,
    /** Upstream connection failure. */
    UF,
    /** Upstream connection termination. */
    UC,
    /** Upstream overflow (circuit breaker). */
    UO,
    /** No route found. */
    NR,
    /** Downstream connection termination. */
    DC,
    /** Stream idle timeout. */
    SI,
    /** Downstream protocol error. */
    DPE,
    /** No cluster found. */
    NC;

    final int bit = 1 << ordinal();

    /** The flags of a bitmask as Envoy prints them ("UF,URX"), or "" when none. */
    static String format(int mask) {
        if (mask == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder(8);
        for (ResponseFlag f : values()) {
            if ((mask & f.bit) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(f.name());
            }
        }
        return sb.toString();
    }
}
