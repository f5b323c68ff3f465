package io.proxyctl.cli.admin;

import io.proxyctl.cli.ProxyctlCommand.UsageException;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.validate.Diagnostic;
import java.io.InputStream;

/**
 * Reads the admin address out of an Envoy bootstrap ({@code admin.address.socket_address}), v3 or v2 alike, without
 * validating the rest of the file: the user points {@code -c} at the config of a proxy that is already running.
 */
public final class AdminConfigAddress {
    private AdminConfigAddress() {
    }

    /** The address to connect to; a usage error when the file cannot be read or has no TCP admin address. */
    public static AdminAddress read(String path, InputStream stdin) {
        LoadResult r = YamlLoader.loadArgument(path, stdin);
        if (!r.ok()) {
            Diagnostic d = r.diagnostics().get(0);
            String where = d.line() > 0 ? d.file() + ":" + d.line() + ":" + Math.max(1, d.column()) : d.file();
            throw new UsageException(where + ": " + d.message());
        }
        return fromBootstrap(r.source().name(), r.source().root());
    }

    static AdminAddress fromBootstrap(String name, Object root) {
        Object admin = Tree.field(root, "admin");
        if (admin == null) {
            throw new UsageException(name + ": no 'admin' section, so that proxy runs no admin endpoint");
        }
        Object address = Tree.field(admin, "address");
        if (address == null) {
            throw new UsageException(name + ": 'admin' has no 'address', so that proxy runs no admin endpoint");
        }
        Object pipe = Tree.field(address, "pipe");
        if (pipe != null) {
            throw new UsageException(name + ": the admin endpoint listens on the unix socket '"
                    + Tree.str(Tree.field(pipe, "path")) + "'; proxyctl admin connects over TCP only");
        }
        Object socket = Tree.field(address, "socket_address");
        String host = Tree.str(Tree.field(socket, "address"));
        Object portValue = Tree.field(socket, "port_value");
        if (host.isEmpty() || portValue == null) {
            String named = Tree.str(Tree.field(socket, "named_port"));
            throw new UsageException(name + ": admin.address.socket_address needs an address and a port_value"
                    + (named.isEmpty() ? "" : " (named_port '" + named + "' cannot be resolved here)"));
        }
        long port = Tree.num(portValue, -1);
        if (port == 0) {
            throw new UsageException(name + ": the admin port is 0 (chosen by the OS at start); pass the real one with --address");
        }
        if (port < 1 || port > 65535) {
            throw new UsageException(name + ": admin port '" + Tree.str(portValue) + "' is not a valid port");
        }
        return new AdminAddress(host, (int) port).connectable();
    }
}
