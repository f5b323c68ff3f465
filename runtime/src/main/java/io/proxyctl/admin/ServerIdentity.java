package io.proxyctl.admin;

import io.proxyctl.common.Versions;
import io.proxyctl.transport.TlsProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the server describes itself in {@code /server_info} and the bootstrap dump: the user agent
 * {@code proxyctl} with its version, and a version string in Envoy's slash-separated shape
 * ({@code proxyctl/<version>/<netty>/<java>/<TLS library>}; Envoy's also ends with its TLS library, "BoringSSL").
 */
public final class ServerIdentity {
    public static final String USER_AGENT = "proxyctl";
    private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private ServerIdentity() {
    }

    /** {@code proxyctl/0.1.0/netty-4.2.18.Final/java-17.0.15/BoringSSL}. */
    public static String version() {
        return USER_AGENT + "/" + Versions.proxyctl() + "/netty-" + Versions.netty() + "/java-"
                + System.getProperty("java.version") + "/" + TlsProvider.libraryName();
    }

    /** {@code {"version": {"major_number": .., "minor_number": .., "patch": ..}, "metadata": {...}}}. */
    public static Map<String, Object> buildVersion(boolean allFields) {
        Matcher m = SEMVER.matcher(Versions.proxyctl());
        long major = 0;
        long minor = 0;
        long patch = 0;
        if (m.find()) {
            major = Long.parseLong(m.group(1));
            minor = Long.parseLong(m.group(2));
            patch = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        }
        Map<String, Object> v = new LinkedHashMap<>();
        if (allFields || major != 0) {
            v.put("major_number", major);
        }
        if (allFields || minor != 0) {
            v.put("minor_number", minor);
        }
        if (allFields || patch != 0) {
            v.put("patch", patch);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", v);
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("revision.version", Versions.proxyctl());
        md.put("netty.version", Versions.netty());
        md.put("java.version", System.getProperty("java.version"));
        md.put("ssl.version", TlsProvider.libraryName());
        out.put("metadata", md);
        return out;
    }
}
