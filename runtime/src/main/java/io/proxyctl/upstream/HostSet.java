package io.proxyctl.upstream;

import io.proxyctl.config.model.Locality;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The hosts of one priority level, with the healthy subset and the grouping by locality. Immutable. */
final class HostSet {
    /** The hosts of one locality in this priority. */
    record LocalityHosts(Locality locality, int weight, List<Host> hosts, List<Host> healthy) {
    }

    final int priority;
    final List<Host> hosts;
    final List<Host> healthy;
    final List<LocalityHosts> localities;

    HostSet(int priority, List<Host> hosts, Map<Locality, Integer> localityWeights) {
        this.priority = priority;
        this.hosts = List.copyOf(hosts);
        List<Host> h = new ArrayList<>();
        Map<Locality, List<Host>> byLocality = new LinkedHashMap<>();
        for (Host host : hosts) {
            if (host.healthy()) {
                h.add(host);
            }
            byLocality.computeIfAbsent(host.locality(), k -> new ArrayList<>()).add(host);
        }
        this.healthy = List.copyOf(h);
        List<LocalityHosts> locs = new ArrayList<>();
        for (Map.Entry<Locality, List<Host>> e : byLocality.entrySet()) {
            List<Host> lh = new ArrayList<>();
            for (Host host : e.getValue()) {
                if (host.healthy()) {
                    lh.add(host);
                }
            }
            locs.add(new LocalityHosts(e.getKey(), localityWeights.getOrDefault(e.getKey(), 0), List.copyOf(e.getValue()),
                    List.copyOf(lh)));
        }
        this.localities = List.copyOf(locs);
    }
}
