package io.proxyctl.transport;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;

/**
 * Chooses the TLS implementation for every listener and cluster: BoringSSL through netty-tcnative when its native
 * library loads on this platform (what Envoy itself uses), the JDK's otherwise. {@code -Dproxyctl.tls.provider=jdk}
 * forces the JDK provider (or {@code openssl} to fail start-up when BoringSSL is not available).
 */
public final class TlsProvider {
    private static final String PROPERTY = "proxyctl.tls.provider";

    private TlsProvider() {
    }

    /** The provider to build contexts with. */
    public static SslProvider provider() {
        String forced = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        switch (forced) {
            case "jdk" -> {
                return SslProvider.JDK;
            }
            case "openssl", "boringssl" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalArgumentException("-D" + PROPERTY + "=" + forced + ": BoringSSL is not available: "
                            + OpenSsl.unavailabilityCause());
                }
                return SslProvider.OPENSSL;
            }
            case "" -> {
                return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            }
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + forced + ": expected jdk or openssl");
        }
    }

    /** A human-readable name: "BoringSSL (netty-tcnative)", or "JDK" with the Java version. */
    public static String describe() {
        if (provider() == SslProvider.OPENSSL) {
            return OpenSsl.versionString() + " (netty-tcnative)";
        }
        return "JDK " + System.getProperty("java.version");
    }

    /**
     * The TLS library as the last element of Envoy's version string ("BoringSSL", or "JDK"); never throws, for
     * the admin API: an invalid override reads as the library that would be used without it.
     */
    public static String libraryName() {
        try {
            return provider() == SslProvider.OPENSSL ? OpenSsl.versionString() : "JDK";
        } catch (IllegalArgumentException e) {
            return OpenSsl.isAvailable() ? OpenSsl.versionString() : "JDK";
        }
    }
}
