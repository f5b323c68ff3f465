package io.proxyctl.config.check;

import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Envoy's load-time checks on clusters and listeners: unique cluster names, unique listener names and bind
 * addresses, and ORIGINAL_DST clusters with CLUSTER_PROVIDED and no load assignment.
 */
final class ResourceChecks {
    private static final String[] LB_POLICIES = {"ROUND_ROBIN", "LEAST_REQUEST", "RING_HASH", "RANDOM",
        "ORIGINAL_DST_LB", "MAGLEV", "CLUSTER_PROVIDED", "LOAD_BALANCING_POLICY_CONFIG"};

    private ResourceChecks() {
    }

    static void check(ConfigIndex ix, Reporter r) {
        clusters(ix, r);
        listeners(ix, r);
    }

    private static void clusters(ConfigIndex ix, Reporter r) {
        Map<String, String> seen = new HashMap<>();
        for (ConfigIndex.Node c : ix.clusters) {
            String name = c.str("name");
            if (name != null && !name.isEmpty()) {
                String first = seen.putIfAbsent(name, c.at("name"));
                if (first != null) {
                    r.atValue(DiagnosticCode.DUPLICATE_CLUSTER, c.at("name"), "cluster manager: duplicate cluster '"
                            + name + "'", "rename one of them; the first '" + name + "' is at line " + r.line(first));
                }
            }
            originalDst(c, r);
        }
    }

    private static void originalDst(ConfigIndex.Node c, Reporter r) {
        String type = Tree.enumValue(Tree.get(c.map(), "type"));
        if (!"ORIGINAL_DST".equals(type) && !"4".equals(type)) {
            return;
        }
        String lb = lbPolicy(Tree.get(c.map(), "lb_policy"));
        String name = c.str("name");
        if (!"CLUSTER_PROVIDED".equals(lb)) {
            boolean explicit = Tree.key(c.map(), "lb_policy") != null;
            r.atValue(DiagnosticCode.ORIGINAL_DST_LB, explicit ? c.at("lb_policy") : c.at("type"), "cluster: LB policy "
                    + lb + " is not valid for Cluster type ORIGINAL_DST. Only 'CLUSTER_PROVIDED' is allowed with "
                    + "cluster type 'ORIGINAL_DST' (cluster '" + name + "')",
                    explicit ? "set lb_policy: CLUSTER_PROVIDED" : "add lb_policy: CLUSTER_PROVIDED (the default is ROUND_ROBIN)");
        }
        if (Tree.key(c.map(), "load_assignment") != null) {
            r.atKey(DiagnosticCode.INVALID_VALUE, c.at("load_assignment"), "ORIGINAL_DST clusters must have no load "
                    + "assignment configured (cluster '" + name + "')",
                    "remove load_assignment: an ORIGINAL_DST cluster connects to each connection's original destination");
        }
    }

    private static String lbPolicy(Object value) {
        String v = Tree.enumValue(value);
        if (v == null) {
            return "ROUND_ROBIN";
        }
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            int i = Integer.parseInt(v);
            return i < LB_POLICIES.length ? LB_POLICIES[i] : v;
        }
        return v;
    }

    private static void listeners(ConfigIndex ix, Reporter r) {
        Map<String, String> names = new HashMap<>();
        Map<String, ConfigIndex.Node> addresses = new HashMap<>();
        for (ConfigIndex.Node l : ix.listeners) {
            String name = l.str("name");
            if (name != null && !name.isEmpty()) {
                String first = names.putIfAbsent(name, l.at("name"));
                if (first != null) {
                    r.atValue(DiagnosticCode.DUPLICATE_LISTENER_NAME, l.at("name"), "duplicate listener name '" + name
                            + "': listener names must be unique", "rename it; the first '" + name + "' is at line "
                            + r.line(first));
                }
            }
            if (!Tree.bool(l.map(), "bind_to_port", true)) {
                continue;
            }
            Bind bind = bind(l);
            if (bind == null) {
                continue;
            }
            ConfigIndex.Node first = addresses.putIfAbsent(bind.key(), l);
            if (first != null) {
                r.atValue(DiagnosticCode.DUPLICATE_LISTENER_ADDRESS, bind.pointer(), "error adding listener: '"
                        + describe(l) + "' has duplicate address '" + bind.shown() + "' as existing listener '"
                        + describe(first) + "'", "bind it to another port; '" + describe(first) + "' is at line "
                        + r.line(first.pointer()));
            }
        }
    }

    /** Where a listener binds: a comparable key, the pointer to report at, and how to show it. */
    private record Bind(String key, String pointer, String shown) {
    }

    private static Bind bind(ConfigIndex.Node l) {
        Map<String, Object> address = Tree.mapField(l.map(), "address");
        if (address == null) {
            return null;
        }
        String addressPtr = l.at("address");
        Map<String, Object> sa = Tree.mapField(address, "socket_address");
        if (sa != null) {
            String host = Tree.strField(sa, "address");
            String port = Tree.text(Tree.get(sa, "port_value"));
            if (host == null || port == null || port.equals("0")) {
                return null; // port 0 is an ephemeral port: every listener gets its own
            }
            String protocol = Tree.enumValue(Tree.get(sa, "protocol"));
            boolean udp = "UDP".equals(protocol) || "1".equals(protocol);
            String saPtr = Tree.field(addressPtr, address, "socket_address");
            String shown = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
            return new Bind((udp ? "udp " : "tcp ") + host.toLowerCase(Locale.ROOT) + " " + port,
                    Tree.field(saPtr, sa, "port_value"), shown);
        }
        Map<String, Object> pipe = Tree.mapField(address, "pipe");
        if (pipe != null && Tree.strField(pipe, "path") != null) {
            String path = Tree.strField(pipe, "path");
            return new Bind("pipe " + path, Tree.field(Tree.field(addressPtr, address, "pipe"), pipe, "path"), path);
        }
        return null;
    }

    /** A listener as users know it: its name, or its field path when it has none (Envoy gives it a UUID). */
    static String describe(ConfigIndex.Node l) {
        String name = l.str("name");
        return name != null && !name.isEmpty() ? name : JsonPointer.toFieldPath(l.pointer());
    }
}
