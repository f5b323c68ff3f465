package io.proxyctl.admin.dump;

import com.google.re2j.Pattern;
import io.proxyctl.config.model.Locality;
import io.proxyctl.config.model.LocalityLbEndpoints;
import io.proxyctl.config.tree.Tree;
import io.proxyctl.upstream.Host;
import io.proxyctl.upstream.UpstreamCluster;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Envoy's config dump messages from the normalised bootstrap: {@code BootstrapConfigDump},
 * {@code ClustersConfigDump} ({@code static_clusters}), {@code EndpointsConfigDump} (the live hosts, only when
 * asked for), {@code ListenersConfigDump} ({@code static_listeners}), {@code ScopedRoutesConfigDump},
 * {@code RoutesConfigDump} (every inline HCM {@code route_config} as a static route config) and
 * {@code SecretsConfigDump} ({@code static_secrets}), in the order Envoy's config tracker emits them.
 */
final class ConfigDumps {
    static final String TYPE_PREFIX = "type.googleapis.com/";
    private static final String HCM = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";

    /** One top-level dump: its admin message name (without the package) and its fields. */
    record Dump(String type, Map<String, Object> fields) {
        Map<String, Object> packed() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("@type", TYPE_PREFIX + DumpSchema.ADMIN + type);
            m.putAll(fields);
            return m;
        }
    }

    private final Map<String, Object> bootstrap;
    private final String lastUpdated;
    private final Collection<UpstreamCluster> clusters;
    private DynamicDumps dynamic;

    /**
     * @param bootstrap   the bootstrap in canonical proto3 JSON (node included)
     * @param lastUpdated the load time as an RFC 3339 timestamp
     * @param clusters    the running clusters, for the endpoints dump
     */
    ConfigDumps(Map<String, Object> bootstrap, String lastUpdated, Collection<UpstreamCluster> clusters) {
        this.bootstrap = bootstrap;
        this.lastUpdated = lastUpdated;
        this.clusters = clusters;
    }

    /** Adds the xDS resources (dynamic_active_*, dynamic_warming_*, dynamic_listeners, dynamic_route_configs). */
    void dynamic(DynamicDumps d) {
        this.dynamic = d;
    }

    /** The dumps, resources filtered by {@code names} (full match on the resource name) when given. */
    List<Dump> dumps(boolean includeEds, Pattern names) {
        List<Dump> out = new ArrayList<>();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("bootstrap", bootstrap);
        b.put("last_updated", lastUpdated);
        out.add(new Dump("BootstrapConfigDump", b));
        Map<String, Object> sr = Tree.map(bootstrap.get("static_resources"));
        Map<String, Object> clusterDump = wrapped("static_clusters", "cluster", "envoy.config.cluster.v3.Cluster",
                list(sr, "clusters"), names);
        if (dynamic != null) {
            clusterDump = dynamic.clusters(clusterDump, names);
        }
        out.add(new Dump("ClustersConfigDump", clusterDump));
        if (includeEds && !clusters.isEmpty()) {
            out.add(new Dump("EndpointsConfigDump", endpoints(names)));
        }
        Map<String, Object> listenerDump = wrapped("static_listeners", "listener",
                "envoy.config.listener.v3.Listener", list(sr, "listeners"), names);
        List<Map<String, Object>> inline = inlineRoutes(list(sr, "listeners"));
        if (dynamic != null) {
            listenerDump = dynamic.listeners(listenerDump, names);
            // An LDS listener's inline route_config is a static route config to Envoy too.
            inline.addAll(inlineRoutes(dynamic.listenerTrees()));
        }
        out.add(new Dump("ListenersConfigDump", listenerDump));
        out.add(new Dump("ScopedRoutesConfigDump", new LinkedHashMap<>()));
        Map<String, Object> routeDump = wrapped("static_route_configs", "route_config",
                "envoy.config.route.v3.RouteConfiguration", inline, names);
        if (dynamic != null) {
            routeDump = dynamic.routes(routeDump, names);
        }
        out.add(new Dump("RoutesConfigDump", routeDump));
        out.add(new Dump("SecretsConfigDump", secrets(list(sr, "secrets"), names)));
        return out;
    }

    private static List<Map<String, Object>> list(Map<String, Object> m, String field) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (m != null && m.get(field) instanceof List<?> l) {
            for (Object o : l) {
                Map<String, Object> e = Tree.map(o);
                if (e != null) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    static boolean named(Pattern names, Object name) {
        return names == null || names.matches(name instanceof String s ? s : "");
    }

    /** {@code {<field>: [{<inner>: {"@type": type, ...}, "last_updated": ..}]}} for the named resources. */
    private Map<String, Object> wrapped(String field, String inner, String message, List<Map<String, Object>> resources,
                                        Pattern names) {
        List<Object> entries = new ArrayList<>();
        for (Map<String, Object> r : resources) {
            if (!named(names, r.get("name"))) {
                continue;
            }
            Map<String, Object> typed = new LinkedHashMap<>();
            typed.put("@type", TYPE_PREFIX + message);
            typed.putAll(r);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put(inner, typed);
            e.put("last_updated", lastUpdated);
            entries.add(e);
        }
        Map<String, Object> dump = new LinkedHashMap<>();
        if (!entries.isEmpty()) {
            dump.put(field, entries);
        }
        return dump;
    }

    /** Every inline {@code route_config} of an HTTP connection manager, listener by listener. */
    private static List<Map<String, Object>> inlineRoutes(List<Map<String, Object>> listeners) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> l : listeners) {
            List<Map<String, Object>> chains = new ArrayList<>(list(l, "filter_chains"));
            Map<String, Object> def = Tree.map(l.get("default_filter_chain"));
            if (def != null) {
                chains.add(def);
            }
            for (Map<String, Object> chain : chains) {
                for (Map<String, Object> f : list(chain, "filters")) {
                    Map<String, Object> tc = Tree.map(f.get("typed_config"));
                    if (tc != null && HCM.equals(Tree.anyType(tc)) && Tree.map(tc.get("route_config")) != null) {
                        out.add(Tree.map(tc.get("route_config")));
                    }
                }
            }
        }
        return out;
    }

    private Map<String, Object> secrets(List<Map<String, Object>> secrets, Pattern names) {
        List<Object> entries = new ArrayList<>();
        for (Map<String, Object> s : secrets) {
            if (!named(names, s.get("name"))) {
                continue;
            }
            Map<String, Object> typed = new LinkedHashMap<>();
            typed.put("@type", TYPE_PREFIX + "envoy.extensions.transport_sockets.tls.v3.Secret");
            typed.putAll(s);
            Map<String, Object> e = new LinkedHashMap<>();
            if (s.get("name") != null) {
                e.put("name", s.get("name"));
            }
            e.put("last_updated", lastUpdated);
            e.put("secret", typed);
            entries.add(e);
        }
        Map<String, Object> dump = new LinkedHashMap<>();
        if (!entries.isEmpty()) {
            dump.put("static_secrets", entries);
        }
        return dump;
    }

    /** Envoy's {@code dumpEndpointConfigs}: each cluster's current hosts as a ClusterLoadAssignment. */
    private Map<String, Object> endpoints(Pattern names) {
        List<Object> entries = new ArrayList<>();
        for (UpstreamCluster c : clusters) {
            if (!named(names, c.name())) {
                continue;
            }
            Map<String, Object> cla = new LinkedHashMap<>();
            cla.put("@type", TYPE_PREFIX + "envoy.config.endpoint.v3.ClusterLoadAssignment");
            cla.put("cluster_name", c.name());
            List<Object> groups = new ArrayList<>();
            Map<String, Map<String, Object>> byGroup = new LinkedHashMap<>();
            for (Host h : c.prioritySet().allHosts()) {
                String key = h.priority() + "|" + h.locality();
                Map<String, Object> g = byGroup.get(key);
                if (g == null) {
                    g = new LinkedHashMap<>();
                    g.put("locality", locality(h.locality()));
                    g.put("lb_endpoints", new ArrayList<>());
                    int weight = localityWeight(c, h);
                    if (weight > 0) {
                        g.put("load_balancing_weight", weight);
                    }
                    if (h.priority() != 0) {
                        g.put("priority", h.priority());
                    }
                    byGroup.put(key, g);
                    groups.add(g);
                }
                @SuppressWarnings("unchecked")
                List<Object> eps = (List<Object>) g.get("lb_endpoints");
                eps.add(lbEndpoint(h));
            }
            if (!groups.isEmpty()) {
                cla.put("endpoints", groups);
            }
            cla.put("policy", Map.of("overprovisioning_factor", c.config().loadAssignment().overprovisioningFactor()));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("endpoint_config", cla);
            entries.add(e);
        }
        Map<String, Object> dump = new LinkedHashMap<>();
        if (!entries.isEmpty()) {
            dump.put("static_endpoint_configs", entries);
        }
        return dump;
    }

    private static int localityWeight(UpstreamCluster c, Host h) {
        for (LocalityLbEndpoints g : c.config().loadAssignment().endpoints()) {
            if (g.priority() == h.priority() && g.locality().equals(h.locality())) {
                return g.loadBalancingWeight();
            }
        }
        return 0;
    }

    static Map<String, Object> locality(Locality l) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!l.region().isEmpty()) {
            m.put("region", l.region());
        }
        if (!l.zone().isEmpty()) {
            m.put("zone", l.zone());
        }
        if (!l.subZone().isEmpty()) {
            m.put("sub_zone", l.subZone());
        }
        return m;
    }

    private static Map<String, Object> lbEndpoint(Host h) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("address", socketAddress(h.address()));
        endpoint.put("health_check_config", new LinkedHashMap<>());
        if (!h.hostname().isEmpty()) {
            endpoint.put("hostname", h.hostname());
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("endpoint", endpoint);
        String health = switch (h.health()) {
            case UNHEALTHY, TIMEOUT -> "UNHEALTHY";
            case DEGRADED -> "DEGRADED";
            case DRAINING -> null;
            default -> "HEALTHY";
        };
        if (health != null) {
            e.put("health_status", health);
        }
        e.put("load_balancing_weight", h.weight());
        return e;
    }

    /** {@code {"socket_address": {"address": ip, "port_value": port}}} (port omitted when 0, as proto3 JSON does). */
    static Map<String, Object> socketAddress(InetSocketAddress a) {
        Map<String, Object> sa = new LinkedHashMap<>();
        sa.put("address", a.isUnresolved() || a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress());
        if (a.getPort() != 0) {
            sa.put("port_value", a.getPort());
        }
        return Map.of("socket_address", sa);
    }
}
