package io.proxyctl.cli.admin;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Tells gauges from counters, which {@code /stats} prints alike. Asks the server once with {@code ?type=Gauges}
 * and {@code ?type=Counters}; when it ignores the parameter (both replies overlap) or rejects it, falls back to
 * Envoy's documented gauge names. Names first seen later are classified by name.
 */
final class StatKinds implements Predicate<String> {
    /** Gauges in Envoy's stat reference (section 5.1): *_active, membership_*, server.* state, buffers, ... */
    private static final Pattern GAUGE_NAMES = Pattern.compile(
            ".*(_active|_buffered|\\.membership_(healthy|degraded|excluded|total)|\\.max_host_weight"
            + "|\\.health_check\\.healthy|\\.ejections_active|\\.circuit_breakers\\..*|\\.version"
            + "|^server\\.(uptime|live|state|concurrency|memory_[a-z_]+|total_connections|parent_connections"
            + "|days_until_first_cert_expiring|hot_restart_epoch|hot_restart_generation|compilation_settings\\..*)"
            + "|\\.total_listeners_(active|warming|draining)|\\.(active|warming)_clusters|\\.lb_subsets_active)$");

    private final boolean allGauges;
    private final Set<String> gauges;
    private final Set<String> counters;

    private StatKinds(boolean allGauges, Set<String> gauges, Set<String> counters) {
        this.allGauges = allGauges;
        this.gauges = gauges;
        this.counters = counters;
    }

    static StatKinds resolve(AdminClient client, StatsSelection selection) {
        if (selection.type() != null) {
            return new StatKinds(selection.type() == StatType.gauges, Set.of(), Set.of());
        }
        try {
            Set<String> g = names(client, selection, StatType.gauges);
            Set<String> c = names(client, selection, StatType.counters);
            if (g != null && c != null && g.stream().noneMatch(c::contains)) {
                return new StatKinds(false, g, c);
            }
        } catch (AdminException e) {
            // the values request reports connection problems; here they only mean "classify by name"
        }
        return new StatKinds(false, Set.of(), Set.of());
    }

    private static Set<String> names(AdminClient client, StatsSelection selection, StatType type) {
        StatsSelection s = new StatsSelection(selection.filter(), type, selection.usedOnly());
        AdminReply r = client.get("/stats", s.query(Query.of().add("format", "json")));
        if (r.status() != 200) {
            return null;
        }
        List<Stat> stats = StatsFetcher.parse(r);
        Set<String> out = new HashSet<>();
        for (Stat st : stats) {
            if (!(st instanceof Stat.Scalar)) {
                return null; // histograms in a ?type=Gauges reply: the parameter was ignored
            }
            out.add(st.name());
        }
        return out;
    }

    /** True when {@code name} is a gauge. */
    @Override
    public boolean test(String name) {
        if (allGauges || gauges.contains(name)) {
            return true;
        }
        return !counters.contains(name) && looksLikeGauge(name);
    }

    static boolean looksLikeGauge(String name) {
        return GAUGE_NAMES.matcher(name).matches();
    }
}
