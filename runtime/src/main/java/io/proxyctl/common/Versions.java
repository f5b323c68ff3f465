package io.proxyctl.common;

import io.netty.util.Version;

/** Versions of the libraries the runtime is built on. */
public final class Versions {
    private Versions() {
    }

    /** proxyctl's version from the jar manifest ({@code Implementation-Version}), or "dev" when run from classes. */
    public static String proxyctl() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    /** Netty's version as its own jars declare it, or "unknown". */
    public static String netty() {
        Version v = Version.identify().get("netty-common");
        return v != null ? v.artifactVersion() : "unknown";
    }
}
