package io.proxyctl.server;

import io.proxyctl.stats.StatsStore;
import io.proxyctl.transport.Transport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run a {@link ProxyServer}.
 *
 * @param concurrency    event-loop threads (Envoy's {@code --concurrency})
 * @param transport      the transport, or null for native epoll when available, else NIO
 * @param log            receives one line per notable event (one per bound listener, warnings)
 * @param stdout         where {@code StdoutAccessLog} writes
 * @param stderr         where {@code StderrAccessLog} writes
 * @param stats          the stats store to use, or null for a new one
 * @param initialDnsWait how long start waits for DNS clusters' first resolution
 */
public record ServerOptions(int concurrency, Transport transport, Consumer<String> log, PrintStream stdout,
                            PrintStream stderr, StatsStore stats, Duration initialDnsWait) {
    public ServerOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(initialDnsWait, "initialDnsWait");
    }

    /** One loop per available processor, best transport, logging to stderr. */
    public static ServerOptions defaults() {
        return new ServerOptions(Runtime.getRuntime().availableProcessors(), null, System.err::println, System.out,
                System.err, null, Duration.ofSeconds(5));
    }

    public ServerOptions withConcurrency(int n) {
        return new ServerOptions(n, transport, log, stdout, stderr, stats, initialDnsWait);
    }

    public ServerOptions withTransport(Transport t) {
        return new ServerOptions(concurrency, t, log, stdout, stderr, stats, initialDnsWait);
    }

    public ServerOptions withLog(Consumer<String> l) {
        return new ServerOptions(concurrency, transport, l, stdout, stderr, stats, initialDnsWait);
    }

    public ServerOptions withStreams(PrintStream out, PrintStream err) {
        return new ServerOptions(concurrency, transport, log, out, err, stats, initialDnsWait);
    }

    public ServerOptions withStats(StatsStore s) {
        return new ServerOptions(concurrency, transport, log, stdout, stderr, s, initialDnsWait);
    }

    public ServerOptions withInitialDnsWait(Duration d) {
        return new ServerOptions(concurrency, transport, log, stdout, stderr, stats, d);
    }
}
