package io.proxyctl.server;

import io.proxyctl.stats.StatsStore;
import io.proxyctl.transport.Transport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run a {@link ProxyServer}.
 *
 * @param concurrency    event-loop threads (Envoy's {@code --concurrency})
 * @param transport      the transport, or null for {@link Transport#best()}
 * @param log            receives one line per notable event (one per bound listener, warnings)
 * @param stdout         where {@code StdoutAccessLog} writes
 * @param stderr         where {@code StderrAccessLog} writes
 * @param stats          the stats store to use, or null for a new one
 * @param initialDnsWait how long start waits for DNS clusters' first resolution
 * @param configTree     the validated v3 document being served ({@code ValidationReport.v3().root()}, upgraded when
 *                       the file was v2), shown by {@code /config_dump}; null leaves the dumps empty
 * @param configPath     the configuration file as the user named it, for {@code /server_info}; "" when unknown
 */
public record ServerOptions(int concurrency, Transport transport, Consumer<String> log, PrintStream stdout,
                            PrintStream stderr, StatsStore stats, Duration initialDnsWait,
                            Map<String, Object> configTree, String configPath) {
    public ServerOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(initialDnsWait, "initialDnsWait");
        configPath = configPath == null ? "" : configPath;
    }

    /** One loop per available processor, best transport, logging to stderr. */
    public static ServerOptions defaults() {
        return new ServerOptions(Runtime.getRuntime().availableProcessors(), null, System.err::println, System.out,
                System.err, null, Duration.ofSeconds(5), null, "");
    }

    public ServerOptions withConcurrency(int n) {
        return new ServerOptions(n, transport, log, stdout, stderr, stats, initialDnsWait, configTree, configPath);
    }

    public ServerOptions withTransport(Transport t) {
        return new ServerOptions(concurrency, t, log, stdout, stderr, stats, initialDnsWait, configTree, configPath);
    }

    public ServerOptions withLog(Consumer<String> l) {
        return new ServerOptions(concurrency, transport, l, stdout, stderr, stats, initialDnsWait, configTree, configPath);
    }

    public ServerOptions withStreams(PrintStream out, PrintStream err) {
        return new ServerOptions(concurrency, transport, log, out, err, stats, initialDnsWait, configTree, configPath);
    }

    public ServerOptions withStats(StatsStore s) {
        return new ServerOptions(concurrency, transport, log, stdout, stderr, s, initialDnsWait, configTree, configPath);
    }

    public ServerOptions withInitialDnsWait(Duration d) {
        return new ServerOptions(concurrency, transport, log, stdout, stderr, stats, d, configTree, configPath);
    }

    /** The served v3 document and the path it was read from (for {@code /config_dump} and {@code /server_info}). */
    public ServerOptions withConfig(Map<String, Object> v3Tree, String path) {
        return new ServerOptions(concurrency, transport, log, stdout, stderr, stats, initialDnsWait, v3Tree, path);
    }
}
