package io.proxyctl.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of the libraries the runtime is built on, read from their own metadata without starting them. */
public final class Versions {
    private Versions() {
    }

    /** Netty's version from its {@code META-INF/io.netty.versions.properties}, or "unknown". */
    public static String netty() {
        try (InputStream in = Versions.class.getClassLoader().getResourceAsStream("META-INF/io.netty.versions.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("netty-common.version");
            return v != null ? v : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
