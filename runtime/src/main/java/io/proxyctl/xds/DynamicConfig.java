package io.proxyctl.xds;

import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.ConfigValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The xDS client's state machine, shared by watched files and ADS: keeps the accepted state of the world,
 * validates each response's resources, composes the static-equivalent bootstrap and hands it to the
 * {@link ConfigApplier} (hot reload). A response is accepted (ACK) only when its resources validate and the
 * composed configuration is applied; otherwise it is rejected (NACK) with our diagnostics and the last good
 * configuration keeps serving. Thread-safe: updates are serialised.
 *
 * <pre>
 * DynamicConfig dc = new DynamicConfig(bootstrapTree, server::reload, stats, log);
 * Map&lt;String, Object&gt; first = dc.initialTree();          // start the server with this
 * DynamicConfig.Result r = dc.update(XdsType.CLUSTER, "3", clusters);
 * if (!r.accepted()) { sendNack(r.errorDetail()); }
 * </pre>
 */
public final class DynamicConfig {
    /** The default initial_fetch_timeout, as in Envoy. */
    public static final Duration DEFAULT_INITIAL_FETCH_TIMEOUT = Duration.ofSeconds(15);

    /** The outcome of one response: accepted (ACK), or rejected (NACK) with the error detail. */
    public record Result(boolean accepted, String errorDetail) {
    }

    private final BootstrapComposer composer;
    private final ConfigApplier applier;
    private final ResourceValidator validator = new ResourceValidator(new ConfigValidator());
    private final XdsStats stats;
    private final Consumer<String> log;
    private final Duration initialFetchTimeout;
    private final Supplier<Instant> clock;
    private final Map<String, Instant> warmingSince = new HashMap<>();
    private final List<Runnable> subscriptionListeners = new CopyOnWriteArrayList<>();
    private XdsSnapshot snapshot = XdsSnapshot.empty();
    private BootstrapComposer.Composition applied;
    private final Map<XdsType, Instant> lastUpdated = new HashMap<>();
    private final Set<XdsType> initialSubscriptions;
    private final Instant created;
    private volatile boolean initialized;

    public DynamicConfig(Map<String, Object> bootstrap, ConfigApplier applier, XdsStats stats, Consumer<String> log) {
        this(bootstrap, applier, stats, log, initialFetchTimeout(bootstrap), Instant::now);
    }

    public DynamicConfig(Map<String, Object> bootstrap, ConfigApplier applier, XdsStats stats, Consumer<String> log,
                         Duration initialFetchTimeout, Supplier<Instant> clock) {
        this.composer = new BootstrapComposer(Objects.requireNonNull(bootstrap, "bootstrap"));
        this.applier = Objects.requireNonNull(applier, "applier");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.log = Objects.requireNonNull(log, "log");
        this.initialFetchTimeout = initialFetchTimeout;
        this.clock = clock;
        this.created = clock.get();
        Map<String, Object> dyn = Tree.mapField(bootstrap, "dynamic_resources");
        Set<XdsType> initial = new LinkedHashSet<>();
        if (Tree.get(dyn, "cds_config") != null) {
            initial.add(XdsType.CLUSTER);
        }
        if (Tree.get(dyn, "lds_config") != null) {
            initial.add(XdsType.LISTENER);
        }
        this.initialSubscriptions = initial;
    }

    /**
     * Whether initialisation is over, as Envoy's init manager sees it: the CDS and LDS subscriptions each had a
     * response accepted and nothing is warming, or the initial fetch timeout has passed since start. Once true,
     * stays true.
     */
    public boolean initialized() {
        // Lock-free: the admin's event loop asks, and an update may hold the lock through a reload.
        if (!initialized && !initialFetchTimeout.isZero() && !clock.get().isBefore(created.plus(initialFetchTimeout))) {
            initialized = true;
        }
        return initialized;
    }

    /** Called with the lock held after each applied change. */
    private void updateInitialized() {
        if (!initialized && initialSubscriptions.stream().allMatch(lastUpdated::containsKey) && applied != null
                && applied.warmingClusters().isEmpty() && applied.warmingListeners().isEmpty()) {
            initialized = true;
        }
    }

    /**
     * The initial_fetch_timeout of the bootstrap's subscriptions: cds_config's, else lds_config's, else 15s.
     * Zero disables it (resources warm until their data arrives).
     */
    public static Duration initialFetchTimeout(Map<String, Object> bootstrap) {
        Map<String, Object> dyn = Tree.mapField(bootstrap, "dynamic_resources");
        for (String f : List.of("cds_config", "lds_config")) {
            String t = Tree.strField(Tree.mapField(dyn, f), "initial_fetch_timeout");
            if (t != null && t.endsWith("s")) {
                try {
                    return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
                } catch (NumberFormatException e) {
                    // The validator reports malformed durations; keep the default here.
                }
            }
        }
        return DEFAULT_INITIAL_FETCH_TIMEOUT;
    }

    /**
     * The configuration to start the server with (static resources; dynamic ones are still warming), recorded as
     * the applied one.
     */
    public synchronized Map<String, Object> initialTree() {
        applied = compose(snapshot);
        return applied.tree();
    }

    /**
     * Handles one response of {@code type}: the complete set for LDS and CDS; for RDS and EDS the resources it
     * carries replace those of the same name (names no longer subscribed to are dropped).
     */
    public synchronized Result update(XdsType type, String version, List<Map<String, Object>> resources) {
        return update(type, version, resources, type.wildcard());
    }

    /**
     * Handles one update of {@code type}; {@code complete} when {@code resources} is the whole set of that type (any
     * other resource of it is removed), as incremental xDS clients hand over the state they rebuilt.
     */
    public synchronized Result update(XdsType type, String version, List<Map<String, Object>> resources,
                                      boolean complete) {
        stats.attempt(type);
        Set<String> scopes = subscriptionScopes(type, resources);
        stats.attempt(scopes);
        long startNanos = System.nanoTime();
        List<String> problems = validator.validate(type, version, resources);
        if (!problems.isEmpty()) {
            stats.rejected(scopes);
            return reject(type, version, problems);
        }
        Instant now = clock.get();
        Map<String, XdsResource> byName = new LinkedHashMap<>();
        Map<String, XdsResource> old = snapshot.resources(type);
        if (!complete) {
            byName.putAll(old);
        }
        for (Map<String, Object> r : resources) {
            Map<String, Object> tree = withoutType(r);
            String name = type.nameOf(tree);
            XdsResource before = old.get(name);
            // An unchanged resource keeps the version and time it last changed at, as Envoy's dumps show.
            byName.put(name, before != null && before.tree().equals(tree) ? before
                    : new XdsResource(type, name, version, now, tree));
        }
        XdsSnapshot next = snapshot.with(type, version, byName);
        next = prune(next);
        BootstrapComposer.Composition composition = compose(next);
        // SotW servers resend every type when one changes: an unchanged composition needs no reload.
        ApplyOutcome outcome = applied != null && applied.tree().equals(composition.tree()) ? ApplyOutcome.ok()
                : applier.apply(composition.tree(), type.shortName() + " version " + version);
        if (!outcome.applied()) {
            stats.rejected(scopes);
            return reject(type, version, outcome.problems());
        }
        Set<String> routesBefore = subscribedNames(XdsType.ROUTE);
        Set<String> endpointsBefore = subscribedNames(XdsType.ENDPOINT);
        snapshot = next;
        applied = composition;
        lastUpdated.put(type, now);
        updateInitialized();
        stats.success(type);
        stats.success(scopes);
        log.accept(type.shortName() + ": accepted version " + version + " (" + resources.size() + " resources, "
                + (System.nanoTime() - startNanos) / 1_000_000 + " ms"
                + (composition.warmingClusters().isEmpty() && composition.warmingListeners().isEmpty() ? ""
                        : "; warming " + warming(composition)) + ")");
        if (!routesBefore.equals(subscribedNames(XdsType.ROUTE))
                || !endpointsBefore.equals(subscribedNames(XdsType.ENDPOINT))) {
            subscriptionListeners.forEach(Runnable::run);
        }
        return new Result(true, "");
    }

    /**
     * Activates resources whose initial fetch timeout passed while they warmed (with no endpoints or routes, as
     * Envoy does); a no-op when none did. Call it periodically.
     */
    public synchronized void checkWarming() {
        if (applied == null || (applied.warmingClusters().isEmpty() && applied.warmingListeners().isEmpty())) {
            return;
        }
        Set<String> before = new LinkedHashSet<>(applied.warmingClusters());
        before.addAll(applied.warmingListeners());
        BootstrapComposer.Composition c = compose(snapshot);
        Set<String> after = new LinkedHashSet<>(c.warmingClusters());
        after.addAll(c.warmingListeners());
        if (after.equals(before)) {
            return;
        }
        ApplyOutcome outcome = applier.apply(c.tree(), "initial fetch timeout");
        if (outcome.applied()) {
            applied = c;
            updateInitialized();
            log.accept("xds: initial fetch timeout: activated without their data: " + before.stream()
                    .filter(n -> !after.contains(n)).toList());
        } else {
            log.accept("xds: activating after the initial fetch timeout was rejected: " + outcome.detail());
        }
    }

    /** Runs {@code r} whenever the RDS or EDS names to subscribe to change. */
    public void onSubscriptionsChanged(Runnable r) {
        subscriptionListeners.add(r);
    }

    /** The resource names to ask for: empty (every resource) for LDS and CDS. */
    public synchronized Set<String> subscribedNames(XdsType type) {
        return type.wildcard() ? Set.of() : wanted(type, snapshot);
    }

    /** The accepted state of the world. */
    public synchronized XdsSnapshot snapshot() {
        return snapshot;
    }

    /** The last applied composition, or null before {@link #initialTree()}. */
    public synchronized BootstrapComposer.Composition applied() {
        return applied;
    }

    /** When a response of {@code type} was last accepted, or null. */
    public synchronized Instant lastUpdated(XdsType type) {
        return lastUpdated.get(type);
    }

    public XdsStats stats() {
        return stats;
    }

    /**
     * Records a response rejected before it reached {@link #update} (a watched file that does not parse or
     * validate): counts the attempt and the rejection, logs the problems.
     */
    public synchronized Result rejectedBeforeUpdate(XdsType type, String version, List<String> problems) {
        stats.attempt(type);
        return reject(type, version, problems);
    }

    private Result reject(XdsType type, String version, List<String> problems) {
        stats.rejected(type);
        String detail = String.join("; ", problems);
        log.accept(type.shortName() + ": rejected version " + version + ": " + detail);
        return new Result(false, detail);
    }

    /** Drops RDS and EDS resources no listener or cluster asks for any more. */
    private XdsSnapshot prune(XdsSnapshot s) {
        XdsSnapshot out = s;
        for (XdsType t : List.of(XdsType.ROUTE, XdsType.ENDPOINT)) {
            Map<String, XdsResource> kept = new LinkedHashMap<>(s.resources(t));
            if (kept.keySet().retainAll(wanted(t, s))) {
                out = out.with(t, out.version(t), kept);
            }
        }
        return out;
    }

    /** The RDS or EDS names static and dynamic listeners or clusters of {@code s} ask for. */
    /**
     * Envoy's stat scopes of the RDS and EDS subscriptions {@code resources} answer: for a route configuration
     * {@code http.<stat_prefix>.rds.<name>.} of the (first) connection manager asking for it; for a load
     * assignment {@code cluster.<name>.} of every EDS cluster with that service name. None for LDS and CDS.
     */
    private Set<String> subscriptionScopes(XdsType type, List<Map<String, Object>> resources) {
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, Object> r : resources) {
            String n = type.nameOf(r);
            if (n != null) {
                names.add(n);
            }
        }
        Set<String> out = new LinkedHashSet<>();
        if (type == XdsType.ROUTE) {
            List<Map<String, Object>> listeners = new ArrayList<>(composer.staticResources("listeners"));
            snapshot.resources(XdsType.LISTENER).values().forEach(l -> listeners.add(l.tree()));
            for (String name : names) {
                listeners.stream().flatMap(l -> Hcms.of(l).stream())
                        .filter(h -> name.equals(Tree.strField(Tree.mapField(h, "rds"), "route_config_name")))
                        .findFirst()
                        .ifPresent(h -> out.add("http." + Tree.strField(h, "stat_prefix") + ".rds." + name + "."));
            }
        } else if (type == XdsType.ENDPOINT) {
            List<Map<String, Object>> clusters = new ArrayList<>(composer.staticResources("clusters"));
            snapshot.resources(XdsType.CLUSTER).values().forEach(c -> clusters.add(c.tree()));
            for (Map<String, Object> c : clusters) {
                if (names.contains(XdsSnapshot.edsServiceName(c))) {
                    String alt = Tree.strField(c, "alt_stat_name");
                    out.add("cluster." + (alt != null && !alt.isEmpty() ? alt : Tree.strField(c, "name")) + ".");
                }
            }
        }
        return out;
    }

    private Set<String> wanted(XdsType type, XdsSnapshot s) {
        Set<String> out = new LinkedHashSet<>();
        if (type == XdsType.ROUTE) {
            composer.staticResources("listeners").forEach(l -> out.addAll(XdsSnapshot.routeNames(l)));
        } else {
            composer.staticResources("clusters").forEach(c -> {
                String n = XdsSnapshot.edsServiceName(c);
                if (n != null) {
                    out.add(n);
                }
            });
        }
        out.addAll(s.subscribedNames(type));
        return out;
    }

    private BootstrapComposer.Composition compose(XdsSnapshot s) {
        Instant now = clock.get();
        BootstrapComposer.Composition c = composer.compose(s, applied, name -> {
            Instant since = warmingSince.get(name);
            return since != null && !initialFetchTimeout.isZero()
                    && !now.isBefore(since.plus(initialFetchTimeout));
        });
        Set<String> warming = new LinkedHashSet<>(c.warmingClusters());
        warming.addAll(c.warmingListeners());
        warmingSince.keySet().retainAll(warming);
        for (String n : warming) {
            warmingSince.putIfAbsent(n, now);
        }
        return c;
    }

    private static String warming(BootstrapComposer.Composition c) {
        List<String> all = new ArrayList<>();
        c.warmingClusters().forEach(n -> all.add("cluster '" + n + "'"));
        c.warmingListeners().forEach(n -> all.add("listener '" + n + "'"));
        return String.join(", ", all);
    }

    private static Map<String, Object> withoutType(Map<String, Object> r) {
        Map<String, Object> out = Trees.copyMap(r);
        out.remove("@type");
        return out;
    }
}
