package io.proxyctl.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code proxyctl --version}: proxyctl's version, and the Java and Netty versions it runs on. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "proxyctl " + proxyctlVersion(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ")",
            "Netty " + io.proxyctl.common.Versions.netty(),
        };
    }

    /** The jar manifest's Implementation-Version, or "dev" when running from classes. */
    public static String proxyctlVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
