package io.proxyctl.cli.admin;

import io.proxyctl.cli.render.TableRenderer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The listeners table: one row per filter chain with the listener's name, bound address, state, the chain's match,
 * its network filters and where traffic goes (route config, RDS name, or TCP cluster).
 */
public final class ListenersFormat {
    private static final String HCM = "HttpConnectionManager";
    private static final String TCP = "TcpProxy";

    private ListenersFormat() {
    }

    /**
     * @param listeners listener resources from the config dump
     * @param live      what {@code /listeners} says is bound (null offline); its addresses win over the config's
     */
    public static String table(List<DumpResource> listeners, List<ListenerStatus> live) {
        TableRenderer t = new TableRenderer("NAME", "ADDRESS", "STATE", "MATCH", "FILTERS", "DESTINATION");
        Set<String> seen = new HashSet<>();
        for (DumpResource l : listeners) {
            seen.add(l.name());
            String address = address(l, live);
            List<Object> chains = new ArrayList<>(Tree.list(Tree.field(l.config(), "filter_chains")));
            Object dflt = Tree.field(l.config(), "default_filter_chain");
            if (chains.isEmpty() && dflt == null) {
                t.row(l.name(), address, l.state());
                continue;
            }
            for (Object chain : chains) {
                t.row(l.name(), address, l.state(), match(Tree.field(chain, "filter_chain_match")), filters(chain), destinations(chain));
            }
            if (dflt != null) {
                t.row(l.name(), address, l.state(), "default", filters(dflt), destinations(dflt));
            }
        }
        if (live != null) {
            for (ListenerStatus s : live) {
                if (!seen.contains(s.name())) {
                    t.row(s.name(), String.join(",", s.addresses()), "bound");
                }
            }
        }
        return t.render();
    }

    private static String address(DumpResource l, List<ListenerStatus> live) {
        if (live != null) {
            for (ListenerStatus s : live) {
                if (s.name().equals(l.name()) && !s.addresses().isEmpty()) {
                    return String.join(",", s.addresses());
                }
            }
        }
        List<String> addrs = new ArrayList<>();
        String main = Addresses.format(Tree.field(l.config(), "address"));
        if (!main.isEmpty()) {
            addrs.add(main);
        }
        for (Object a : Tree.list(Tree.field(l.config(), "additional_addresses"))) {
            addrs.add(Addresses.format(Tree.field(a, "address")));
        }
        return String.join(",", addrs);
    }

    /** A filter_chain_match in a few words: {@code sni: a.com; transport: tls}; "all" when it matches everything. */
    static String match(Object m) {
        List<String> parts = new ArrayList<>();
        Object port = Tree.field(m, "destination_port");
        if (port != null) {
            parts.add("port: " + Tree.str(port));
        }
        addList(parts, "dst", m, "prefix_ranges", true);
        addList(parts, "sni", m, "server_names", false);
        String transport = Tree.str(Tree.field(m, "transport_protocol"));
        if (!transport.isEmpty()) {
            parts.add("transport: " + transport);
        }
        addList(parts, "alpn", m, "application_protocols", false);
        addList(parts, "direct_src", m, "direct_source_prefix_ranges", true);
        String sourceType = Tree.str(Tree.field(m, "source_type"));
        if (!sourceType.isEmpty() && !sourceType.equals("ANY")) {
            parts.add("source_type: " + sourceType);
        }
        addList(parts, "src", m, "source_prefix_ranges", true);
        addList(parts, "src_port", m, "source_ports", false);
        return parts.isEmpty() ? "all" : String.join("; ", parts);
    }

    private static void addList(List<String> parts, String label, Object m, String field, boolean cidr) {
        List<String> values = new ArrayList<>();
        for (Object v : Tree.list(Tree.field(m, field))) {
            values.add(cidr ? Tree.str(Tree.field(v, "address_prefix")) + "/" + Tree.str(Tree.field(v, "prefix_len")) : Tree.str(v));
        }
        if (!values.isEmpty()) {
            parts.add(label + ": " + String.join(",", values));
        }
    }

    static String filters(Object chain) {
        List<String> names = new ArrayList<>();
        for (Object f : Tree.list(Tree.field(chain, "filters"))) {
            String n = Tree.str(Tree.field(f, "name"));
            if (n.isEmpty()) {
                n = typeName(f);
            }
            names.add(n.replaceFirst("^envoy\\.filters\\.network\\.", ""));
        }
        return String.join(",", names);
    }

    static String destinations(Object chain) {
        List<String> out = new ArrayList<>();
        for (Object f : Tree.list(Tree.field(chain, "filters"))) {
            Object cfg = Tree.field(f, "typed_config");
            String type = typeName(f);
            if (type.equals(HCM)) {
                Object rds = Tree.field(cfg, "rds");
                Object rc = Tree.field(cfg, "route_config");
                Object scoped = Tree.field(cfg, "scoped_routes");
                if (rds != null) {
                    out.add("rds: " + Tree.str(Tree.field(rds, "route_config_name")));
                } else if (rc != null) {
                    String n = Tree.str(Tree.field(rc, "name"));
                    out.add("route: " + (n.isEmpty() ? "(inline)" : n));
                } else if (scoped != null) {
                    out.add("scoped_routes: " + Tree.str(Tree.field(scoped, "name")));
                }
            } else if (type.equals(TCP)) {
                String cluster = Tree.str(Tree.field(cfg, "cluster"));
                if (!cluster.isEmpty()) {
                    out.add("cluster: " + cluster);
                } else {
                    out.add("weighted: " + RoutesFormat.weighted(Tree.field(cfg, "weighted_clusters")));
                }
            }
        }
        return String.join(",", out);
    }

    /** The message name of a filter's typed_config ({@code HttpConnectionManager}), "" when absent. */
    private static String typeName(Object filter) {
        String t = Tree.str(Tree.at(Tree.field(filter, "typed_config"), "@type"));
        return t.substring(t.lastIndexOf('.') + 1);
    }

    /** The listener configs for -o json/yaml. */
    public static List<Object> configs(List<DumpResource> listeners) {
        List<Object> out = new ArrayList<>();
        for (DumpResource l : listeners) {
            if (!l.config().isEmpty()) {
                out.add(l.config());
            }
        }
        return out;
    }
}
