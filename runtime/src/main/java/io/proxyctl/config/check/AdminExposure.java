package io.proxyctl.config.check;

import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.Locale;
import java.util.Map;

/** Warns when the admin API listens on an address other hosts can reach. */
final class AdminExposure {
    private AdminExposure() {
    }

    static void check(ConfigIndex ix, Reporter r) {
        if (ix.admin == null) {
            return;
        }
        Map<String, Object> address = Tree.mapField(ix.admin.map(), "address");
        Map<String, Object> sa = Tree.mapField(address, "socket_address");
        String host = Tree.strField(sa, "address");
        if (host == null || loopback(host)) {
            return;
        }
        String port = Tree.text(Tree.get(sa, "port_value"));
        String saAt = Tree.field(ix.admin.at("address"), address, "socket_address");
        r.atValue(DiagnosticCode.ADMIN_NOT_LOOPBACK, Tree.field(saAt, sa, "address"), "the admin API listens on "
                + host + (port == null ? "" : ":" + port) + ", reachable from other hosts: anyone who connects can "
                + "change log levels, reset stats, drain listeners and stop the proxy (POST /quitquitquit)",
                "bind admin to 127.0.0.1 (or ::1); in a container, publish the port to localhost only");
    }

    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("127.") || h.equals("::1") || h.equals("localhost") || h.equals("0:0:0:0:0:0:0:1")
                || h.startsWith("::ffff:127.");
    }
}
