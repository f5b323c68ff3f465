package io.proxyctl.cli.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clusters as a config dump defines them, for {@code clusters --file}: names, CDS origin, circuit-breaker
 * thresholds and the hosts of each {@code load_assignment} (or of the dump's EDS assignments when it has them).
 * There are no runtime stats offline; host health is known only where the assignment states it.
 */
final class ClustersFromDump {
    private ClustersFromDump() {
    }

    static List<ClusterStatus> read(ConfigDump dump) {
        Map<String, Map<String, Object>> eds = new HashMap<>();
        for (DumpResource e : dump.resources("endpoints")) {
            eds.put(e.name(), e.config());
        }
        List<ClusterStatus> out = new ArrayList<>();
        for (DumpResource c : dump.resources("cluster")) {
            Map<String, Object> cfg = c.config();
            String edsName = Tree.str(Tree.field(Tree.field(cfg, "eds_cluster_config"), "service_name"));
            Object cla = Tree.field(cfg, "load_assignment");
            if (cla == null) {
                cla = eds.get(edsName.isEmpty() ? c.name() : edsName);
            }
            Map<String, Map<String, Long>> breakers = new LinkedHashMap<>();
            for (Object t : Tree.list(Tree.field(Tree.field(cfg, "circuit_breakers"), "thresholds"))) {
                String prio = Tree.str(Tree.field(t, "priority")).equalsIgnoreCase("HIGH") ? "high" : "default";
                Map<String, Long> th = breakers.computeIfAbsent(prio, k -> new LinkedHashMap<>());
                for (String k : List.of("max_connections", "max_pending_requests", "max_requests", "max_retries")) {
                    Object v = Tree.field(t, k);
                    if (v != null) {
                        th.put(k, Tree.num(v instanceof Map ? Tree.field(v, "value") : v, 0));
                    }
                }
            }
            String alt = Tree.str(Tree.field(cfg, "alt_stat_name"));
            out.add(new ClusterStatus(c.name(), alt.isEmpty() ? c.name() : alt, !c.state().equals("static"), edsName,
                    breakers, Map.of(), hosts(cla)));
        }
        return out;
    }

    private static List<HostStatus> hosts(Object cla) {
        List<HostStatus> out = new ArrayList<>();
        for (Object group : Tree.list(Tree.field(cla, "endpoints"))) {
            Object locality = Tree.field(group, "locality");
            int priority = (int) Tree.num(Tree.field(group, "priority"), 0);
            for (Object lb : Tree.list(Tree.field(group, "lb_endpoints"))) {
                Object ep = Tree.field(lb, "endpoint");
                Object w = Tree.field(lb, "load_balancing_weight");
                long weight = Tree.num(w instanceof Map ? Tree.field(w, "value") : w, 1);
                String health = Tree.str(Tree.field(lb, "health_status"));
                List<String> flags = switch (health) {
                    case "" -> null;
                    case "UNHEALTHY", "TIMEOUT" -> List.of("failed_eds_health");
                    case "DEGRADED" -> List.of("degraded_eds_health");
                    case "DRAINING" -> List.of("eds_status_draining");
                    default -> List.of();
                };
                out.add(new HostStatus(Addresses.format(Tree.field(ep, "address")), Tree.str(Tree.field(ep, "hostname")),
                        flags, weight, Tree.str(Tree.field(locality, "region")), Tree.str(Tree.field(locality, "zone")),
                        Tree.str(Tree.field(locality, "sub_zone")), false, priority, -1, -1, Map.of()));
            }
        }
        return out;
    }
}
