package io.proxyctl.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Envoy's {@code tls_params} protocol bounds ({@code TLSv1_0} .. {@code TLSv1_3}, {@code TLS_AUTO}) as JSSE names. */
public final class TlsVersions {
    private static final String[] NAMES = {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
    /** Envoy's server side: TLS 1.2 to 1.3. */
    public static final String[] SERVER_DEFAULT = {"TLSv1_2", "TLSv1_3"};
    /** Envoy's client side: TLS 1.2 to 1.2. */
    public static final String[] CLIENT_DEFAULT = {"TLSv1_2", "TLSv1_2"};

    private TlsVersions() {
    }

    /**
     * The protocol names from {@code min} to {@code max}; a null or {@code TLS_AUTO} bound takes the default's.
     * @throws IllegalArgumentException for an unknown version or an empty range
     */
    public static List<String> range(String min, String max, String[] defaults) {
        int lo = index(min, index(defaults[0], 0));
        int hi = index(max, index(defaults[1], 0));
        List<String> out = new ArrayList<>();
        for (int i = lo; i <= hi; i++) {
            out.add(NAMES[i]);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("tls_params: minimum protocol version is above the maximum");
        }
        return out;
    }

    private static int index(String v, int def) {
        if (v == null || v.equalsIgnoreCase("TLS_AUTO")) {
            return def;
        }
        return switch (v.toUpperCase(Locale.ROOT)) {
            case "TLSV1_0" -> 0;
            case "TLSV1_1" -> 1;
            case "TLSV1_2" -> 2;
            case "TLSV1_3" -> 3;
            default -> throw new IllegalArgumentException("tls_params: unknown TLS version " + v);
        };
    }
}
