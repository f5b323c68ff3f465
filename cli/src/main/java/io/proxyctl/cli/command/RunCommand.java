package io.proxyctl.cli.command;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.render.DiagnosticTextRenderer;
import io.proxyctl.cli.render.Style;
import io.proxyctl.config.bind.BindException;
import io.proxyctl.config.bind.BootstrapBinder;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.model.Bootstrap;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.ValidationReport;
import io.proxyctl.server.ConfigFileWatcher;
import io.proxyctl.server.DynamicProxy;
import io.proxyctl.server.ProxyServer;
import io.proxyctl.transport.Transport;
import io.proxyctl.xds.AdsTransport;
import io.proxyctl.xds.FileSubscription;
import java.util.ServiceLoader;
import io.proxyctl.server.ServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code proxyctl run}: validates a config, then serves it until SIGINT/SIGTERM. */
@Command(name = "run",
        header = "Serve an Envoy configuration with the embedded Netty proxy.",
        description = {"Validates the config first (invalid: exit 1, nothing bound), warns about every configured "
                + "feature the runtime does not implement, binds every listener and the admin listener, and serves "
                + "until SIGINT or SIGTERM, then drains in-flight requests (HCM drain_timeout) and exits 0.", "",
                "Hot reload: SIGHUP, 'proxyctl admin reload' (POST /reload) or, with --watch, saving the file "
                + "re-reads the config file. It is validated first; an invalid one is reported (one log line per "
                + "diagnostic) and the running config is kept. A valid one is applied without dropping "
                + "connections: unchanged listeners keep their sockets and route new requests on the new routes, "
                + "removed listeners drain (drain_timeout), unchanged clusters keep their pools and health state. "
                + "Only static_resources are reloaded; admin, node and the rest need a restart.", "",
                "Without -c it serves a built-in demo: admin on 127.0.0.1:9901, a listener on :10000.", "",
                "Examples:",
                "  proxyctl run",
                "  proxyctl run -c envoy.yaml --concurrency 2",
                "  proxyctl run -c envoy.yaml --watch        # reload on save",
                "  kill -HUP <pid>                           # reload now"},
        sortOptions = false)
public final class RunCommand implements Callable<Integer> {
    static final String DEFAULT_CONFIG = "io/proxyctl/cli/demo.yaml";

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config-path"}, paramLabel = "FILE",
            description = "Envoy bootstrap (YAML or JSON, v3 or v2). Default: the built-in demo config.")
    String config;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Event-loop threads (default: available processors).")
    Integer concurrency;

    @Option(names = "--transport", paramLabel = "KIND", defaultValue = "auto",
            description = "I/O transport: auto (io_uring, else epoll, else NIO: the first this machine runs), "
                    + "io_uring, epoll or nio (default: ${DEFAULT-VALUE}).")
    TransportChoice transport;

    /** The --transport values; picocli completes and checks them. */
    enum TransportChoice { auto, io_uring, epoll, nio }

    @Option(names = "--strict", description = "Refuse to start when the config has warnings.")
    boolean strict;

    @Option(names = "--watch", description = "Reload the config file whenever it changes (checked every 250 ms, "
            + "applied once it has been stable for the debounce period).")
    boolean watch;

    @Option(names = "--watch-debounce", paramLabel = "MS", defaultValue = "500",
            description = "How long a changed file must stay unchanged before --watch reloads it, in ms "
                    + "(default: ${DEFAULT-VALUE}).")
    long watchDebounceMillis;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (watch && (config == null || config.equals("-"))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--watch needs a config file (-c FILE), not " + (config == null ? "the built-in demo" : "standard input"));
        }
        LoadResult loaded = config == null ? loadDefault() : YamlLoader.loadArgument(config, System.in);
        ValidationReport report = new ConfigValidator().validate(loaded);
        printDiagnostics(err, report);
        if (report.unreadable()) {
            return ExitCodes.USAGE;
        }
        if (!report.valid(strict)) {
            err.println("proxyctl run: " + report.file() + " is invalid; nothing was started");
            err.flush();
            return ExitCodes.FAILURE;
        }
        Bootstrap bootstrap;
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) report.v3().root();
        if (DynamicProxy.isDynamic(tree)) {
            return runDynamic(err, tree);
        }
        try {
            bootstrap = BootstrapBinder.bind(tree);
        } catch (BindException e) {
            err.println("proxyctl run: " + report.file() + ": " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
        ServerOptions options = serverOptions(err);
        if (options == null) {
            return ExitCodes.FAILURE;
        }
        // The admin's /config_dump shows the validated v3 tree (the upgraded one when the file was v2).
        options = options.withConfig(tree, report.file());
        ProxyServer server;
        try {
            server = ProxyServer.start(bootstrap, options);
        } catch (RuntimeException e) {
            err.println("proxyctl run: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
        Signals.onTerminate(server::shutdown);
        if (config != null && !config.equals("-")) {
            if (!Signals.onHangup(server::reloadConfigFile)) {
                err.println("warning: SIGHUP is ignored in this process (started under nohup?): reload with --watch"
                        + " or 'proxyctl admin reload'");
                err.flush();
            }
        }
        ConfigFileWatcher watcher = watch
                ? ConfigFileWatcher.start(server, java.nio.file.Path.of(config), 250, watchDebounceMillis) : null;
        server.awaitTermination();
        if (watcher != null) {
            watcher.close();
        }
        err.println("proxyctl run: stopped");
        err.flush();
        return ExitCodes.OK;
    }

    /**
     * Event loops, transport and logging from the options; null (after one line on stderr) when the transport asked
     * for cannot run on this machine.
     */
    private ServerOptions serverOptions(PrintWriter err) {
        int threads = concurrency != null ? concurrency : Runtime.getRuntime().availableProcessors();
        if (threads < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--concurrency must be at least 1");
        }
        Transport t = transport == TransportChoice.auto ? Transport.best() : Transport.byLabel(transport.name());
        if (!t.available()) {
            Throwable why = t.unavailabilityCause();
            err.println("proxyctl run: transport " + t.label() + " is not available on this machine"
                    + (why == null ? "" : ": " + why.getMessage()) + " (use --transport auto)");
            err.flush();
            return null;
        }
        return ServerOptions.defaults().withConcurrency(threads).withTransport(t).withLog(line -> {
            err.println(line);
            err.flush();
        });
    }

    /** dynamic_resources: the static part serves at once, watched files and ADS feed it through reloads. */
    private int runDynamic(PrintWriter err, Map<String, Object> tree) {
        if (watch) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--watch reloads a static config; with dynamic_resources the xDS files and ADS are followed anyway");
        }
        ServerOptions options = serverOptions(err);
        if (options == null) {
            return ExitCodes.FAILURE;
        }
        // The gRPC client is looked up only for ADS: file-based xDS and everything else never load gRPC classes.
        AdsTransport.Factory ads = DynamicProxy.usesAds(tree)
                ? ServiceLoader.load(AdsTransport.Factory.class).findFirst().orElse(null) : null;
        DynamicProxy proxy;
        try {
            proxy = DynamicProxy.start(tree, options, ads, FileSubscription.DEFAULT_POLL);
        } catch (RuntimeException e) {
            err.println("proxyctl run: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
        Signals.onTerminate(proxy::close);
        proxy.server().awaitTermination();
        proxy.stopSources();
        err.println("proxyctl run: stopped");
        err.flush();
        return ExitCodes.OK;
    }

    private void printDiagnostics(PrintWriter err, ValidationReport report) {
        DiagnosticTextRenderer renderer = new DiagnosticTextRenderer(Style.choose("auto"));
        String[] lines = report.text() == null ? new String[0] : report.text().split("\r?\n", -1);
        for (Diagnostic d : report.diagnostics()) {
            err.print(renderer.render(d, n -> n >= 1 && n <= lines.length ? lines[n - 1] : ""));
        }
        err.flush();
    }

    private static LoadResult loadDefault() throws IOException {
        try (InputStream in = RunCommand.class.getClassLoader().getResourceAsStream(DEFAULT_CONFIG)) {
            if (in == null) {
                throw new IOException("built-in config " + DEFAULT_CONFIG + " is missing from the jar");
            }
            return YamlLoader.load("<built-in demo.yaml>", in.readAllBytes());
        }
    }
}
