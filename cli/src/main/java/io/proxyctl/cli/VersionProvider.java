package io.proxyctl.cli;

import io.proxyctl.transport.Transport;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code proxyctl --version}: proxyctl's version, the Java and Netty versions it runs on, and the I/O transport
 * {@code run} picks here (benchmarks and bug reports need it: io_uring, epoll and NIO perform differently).
 */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "proxyctl " + proxyctlVersion(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ")",
            "Netty " + io.proxyctl.common.Versions.netty(),
            "Transport " + transports(),
        };
    }

    /** The transport {@code run --transport auto} uses here, then the others this machine can run. */
    static String transports() {
        Transport best = Transport.best();
        StringBuilder sb = new StringBuilder(best.label()).append(" (run's default here; available:");
        for (Transport t : Transport.values()) {
            if (t.available()) {
                sb.append(' ').append(t.label());
            }
        }
        return sb.append(')').toString();
    }

    /** The jar manifest's Implementation-Version, or "dev" when running from classes. */
    public static String proxyctlVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
