package io.proxyctl.upstream;

import java.util.List;

/**
 * An immutable snapshot of a cluster's hosts by priority, with Envoy's priority load and panic computation: each
 * priority gets {@code min(100, overprovisioning * healthy / total)} percent of the load, spilling the rest to
 * the next priority; a priority whose healthy share is under the panic threshold routes to all its hosts.
 */
public final class PrioritySet {
    static final PrioritySet EMPTY = new PrioritySet(List.of(), 140, 50);

    private final List<HostSet> sets;
    private final int[] load; // percent per priority, sums to 100 when any host exists
    private final boolean[] panic;
    private final int totalHosts;

    PrioritySet(List<HostSet> sets, int overprovisioningFactor, double panicThreshold) {
        this.sets = List.copyOf(sets);
        int n = sets.size();
        this.load = new int[n];
        this.panic = new boolean[n];
        int[] health = new int[n];
        int total = 0;
        int hosts = 0;
        for (int i = 0; i < n; i++) {
            HostSet s = sets.get(i);
            hosts += s.hosts.size();
            health[i] = s.hosts.isEmpty() ? 0
                    : (int) Math.min(100, (long) overprovisioningFactor * s.healthy.size() / s.hosts.size());
            total += health[i];
        }
        this.totalHosts = hosts;
        int normalized = Math.min(100, total);
        if (n > 0 && normalized == 0) {
            // Everything is unhealthy: Envoy sends all load to priority 0, in panic, unless a 0% threshold
            // disables panic mode, in which case no host is chosen at all.
            load[0] = 100;
            for (int i = 0; i < n; i++) {
                panic[i] = panicThreshold > 0;
            }
            return;
        }
        int remaining = 100;
        int firstAvailable = -1;
        for (int i = 0; i < n; i++) {
            if (firstAvailable < 0 && health[i] > 0) {
                firstAvailable = i;
            }
            load[i] = Math.min(remaining, normalized == 0 ? 0 : health[i] * 100 / normalized);
            remaining -= load[i];
        }
        if (remaining > 0 && firstAvailable >= 0) {
            load[firstAvailable] += remaining;
        }
        for (int i = 0; i < n; i++) {
            HostSet s = sets.get(i);
            double healthyPercent = s.hosts.isEmpty() ? 0 : 100.0 * s.healthy.size() / s.hosts.size();
            panic[i] = healthyPercent < panicThreshold;
        }
    }

    int size() {
        return sets.size();
    }

    HostSet get(int priority) {
        return sets.get(priority);
    }

    /** Whether the cluster has no hosts at all. */
    public boolean isEmpty() {
        return totalHosts == 0;
    }

    public int totalHosts() {
        return totalHosts;
    }

    /** Every host, priority by priority. */
    public List<Host> allHosts() {
        List<Host> out = new java.util.ArrayList<>(totalHosts);
        for (HostSet s : sets) {
            out.addAll(s.hosts);
        }
        return out;
    }

    /** The priority for a value in [0, 100). */
    int choosePriority(int percent) {
        int acc = 0;
        for (int i = 0; i < load.length; i++) {
            acc += load[i];
            if (percent < acc) {
                return i;
            }
        }
        return 0;
    }

    boolean panic(int priority) {
        return panic[priority];
    }

    /** The load percentage of a priority (for tests and the admin view). */
    public int load(int priority) {
        return priority < load.length ? load[priority] : 0;
    }
}
