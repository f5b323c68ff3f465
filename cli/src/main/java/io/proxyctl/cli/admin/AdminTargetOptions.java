package io.proxyctl.cli.admin;

import io.proxyctl.cli.ProxyctlCommand.UsageException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options shared by every {@code proxyctl admin} command that talks to a live admin endpoint: where and how long. */
public final class AdminTargetOptions {
    @Option(names = {"-a", "--address"}, paramLabel = "HOST:PORT",
            description = "Admin endpoint to query (default: 127.0.0.1:9901). IPv6 as [::1]:9901.")
    String address;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Take the admin address from this envoy.yaml (admin.address; v3 or v2). '-' reads standard input.")
    String config;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Connect and reply timeout, e.g. 500ms, 5s (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The endpoint chosen by --address, -c or the default. */
    public AdminAddress resolve() {
        if (address != null && config != null) {
            throw new UsageException("use either --address or -c/--config, not both");
        }
        if (address != null) {
            return AdminAddress.parse(address);
        }
        if (config != null) {
            return AdminConfigAddress.read(config, System.in);
        }
        return AdminAddress.DEFAULT;
    }

    public AdminClient client() {
        return new AdminClient(resolve(), timeout);
    }
}
