package io.proxyctl.server;

import io.proxyctl.config.bind.BootstrapBinder;
import io.proxyctl.config.check.WatchedFiles;
import io.proxyctl.config.tree.Tree;
import io.proxyctl.stats.StatsStore;
import io.proxyctl.xds.AdsTransport;
import io.proxyctl.xds.DynamicConfig;
import io.proxyctl.xds.FileSubscription;
import io.proxyctl.xds.XdsStats;
import io.proxyctl.xds.XdsType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A proxy configured through {@code dynamic_resources}: starts a {@link ProxyServer} with the bootstrap's static
 * part, then feeds it from watched xDS files ({@code path_config_source}, read once before start so the first
 * configuration serves at once) and from ADS, every accepted change going through {@link ProxyServer#reload}.
 *
 * <pre>
 * DynamicProxy p = DynamicProxy.start(v3Tree, ServerOptions.defaults(), adsFactory);   // adsFactory may be null
 * int port = p.server().boundPort("listener_0");
 * p.close();
 * </pre>
 */
public final class DynamicProxy implements AutoCloseable {
    /** How often warming resources are checked against their initial fetch timeout. */
    private static final long WARMING_CHECK_MILLIS = 100;

    private final ProxyServer server;
    private final DynamicConfig config;
    private final List<FileSubscription> files;
    private final AdsTransport ads;
    private final ScheduledExecutorService scheduler;

    private DynamicProxy(ProxyServer server, DynamicConfig config, List<FileSubscription> files, AdsTransport ads,
                         ScheduledExecutorService scheduler) {
        this.server = server;
        this.config = config;
        this.files = files;
        this.ads = ads;
        this.scheduler = scheduler;
    }

    /** True when a v3 bootstrap tree has dynamic_resources with an LDS or CDS subscription. */
    public static boolean isDynamic(Map<String, Object> tree) {
        Map<String, Object> dyn = Tree.mapField(tree, "dynamic_resources");
        return dyn != null && (Tree.get(dyn, "lds_config") != null || Tree.get(dyn, "cds_config") != null);
    }

    /** True when any subscription of the bootstrap uses the ADS stream. */
    public static boolean usesAds(Map<String, Object> tree) {
        Map<String, Object> dyn = Tree.mapField(tree, "dynamic_resources");
        return dyn != null && Tree.get(dyn, "ads_config") != null;
    }

    /**
     * Starts the proxy: statics first, then the watched files (CDS before LDS, as Envoy initialises), then ADS.
     *
     * @param tree       the validated v3 bootstrap with its dynamic_resources
     * @param options    server options; their stats store (or a new one) also holds the xDS stats
     * @param adsFactory the ADS client factory; required when the bootstrap uses ADS
     * @param filePoll   how often watched files are checked
     * @throws ProxyStartException when the server cannot start or a watched file cannot be read or is rejected
     */
    public static DynamicProxy start(Map<String, Object> tree, ServerOptions options, AdsTransport.Factory adsFactory,
                                     Duration filePoll) {
        Objects.requireNonNull(tree, "tree");
        if (usesAds(tree) && adsFactory == null) {
            throw new ProxyStartException("dynamic_resources uses ADS, but no ADS client is available", null);
        }
        for (WatchedFiles.Ref ref : WatchedFiles.of(tree)) {
            XdsType type = XdsType.ofTypeUrl(ref.resourceType());
            if (type == XdsType.ROUTE || type == XdsType.ENDPOINT) {
                throw new ProxyStartException(type.shortName() + " from a file (" + ref.path() + ") is not implemented;"
                        + " use ads: {} for RDS and EDS", null);
            }
        }
        StatsStore stats = options.stats() != null ? options.stats() : new StatsStore();
        Consumer<String> log = options.log();
        AtomicReference<ProxyServer> running = new AtomicReference<>();
        DynamicConfig config = new DynamicConfig(tree, new ServerConfigApplier(running::get), new XdsStats(stats),
                line -> log.accept("xds: " + line));
        Map<String, Object> initial = config.initialTree();
        ProxyServer server = ProxyServer.start(BootstrapBinder.bind(initial),
                options.withStats(stats).withConfig(initial, null));
        running.set(server);
        server.setDynamicConfig(config, tree);
        ScheduledExecutorService scheduler = FileSubscription.newScheduler();
        List<FileSubscription> files = new ArrayList<>();
        AdsTransport ads = null;
        try {
            for (WatchedFiles.Ref ref : WatchedFiles.of(tree)) {
                XdsType type = XdsType.ofTypeUrl(ref.resourceType());
                if (type != XdsType.CLUSTER && type != XdsType.LISTENER) {
                    continue;
                }
                files.add(new FileSubscription(type, Path.of(ref.path()), config));
            }
            files.sort((a, b) -> Integer.compare(a.type() == XdsType.CLUSTER ? 0 : 1, b.type() == XdsType.CLUSTER ? 0 : 1));
            for (FileSubscription f : files) {
                DynamicConfig.Result r;
                try {
                    r = f.poll();
                } catch (IOException e) {
                    throw new ProxyStartException(f.type().shortName() + ": cannot read " + f.path() + ": "
                            + e.getMessage(), e);
                }
                if (r != null && !r.accepted()) {
                    throw new ProxyStartException(f.type().shortName() + ": " + f.path() + " rejected: "
                            + r.errorDetail(), null);
                }
                f.start(scheduler, filePoll, line -> log.accept("xds: " + line));
            }
            if (usesAds(tree)) {
                ads = adsFactory.create(tree, config, line -> log.accept("xds: " + line));
                ads.start();
            }
            scheduler.scheduleWithFixedDelay(config::checkWarming, WARMING_CHECK_MILLIS, WARMING_CHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            files.forEach(FileSubscription::close);
            if (ads != null) {
                ads.close();
            }
            scheduler.shutdownNow();
            server.shutdown();
            throw e instanceof ProxyStartException p ? p : new ProxyStartException(e.getMessage(), e);
        }
        return new DynamicProxy(server, config, files, ads, scheduler);
    }

    public ProxyServer server() {
        return server;
    }

    /** The xDS state machine (accepted state, subscriptions, warming). */
    public DynamicConfig config() {
        return config;
    }

    /** Stops the xDS sources, then shuts the server down gracefully. */
    @Override
    public void close() {
        stopSources();
        server.shutdown();
    }

    /** Stops watching files and the ADS stream; the server keeps serving its last configuration. */
    public void stopSources() {
        files.forEach(FileSubscription::close);
        if (ads != null) {
            ads.close();
        }
        scheduler.shutdownNow();
    }
}
