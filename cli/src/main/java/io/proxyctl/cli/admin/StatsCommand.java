package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.ProxyctlCommand.UsageException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code proxyctl admin stats}: the proxy's counters, gauges and histograms, once or as a live view. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        header = "Show stats (counters, gauges, histogram P50/P99), once or live with --watch.",
        description = {"Reads /stats?format=json (or the text format of older Envoys). --filter, --type and --used-only "
                + "are sent to the proxy as ?filter=, ?type= and ?usedonly and applied again locally.", "",
                "--watch opens a full-screen view that refreshes every --interval: counters as rates per second, gauges "
                + "with their change, histograms as P50/P99 of the last interval, most active first. Keys: '/' edits "
                + "the filter as you type (Enter keeps it, Esc clears it), 'q' or Ctrl-C quits. When standard output "
                + "is not a terminal it prints a plain table every interval instead (stop it with --count).", "",
                "Examples:",
                "  proxyctl admin stats --filter '^cluster\\.service1\\.'",
                "  proxyctl admin stats --type histograms -o json",
                "  proxyctl admin stats --used-only -o raw | grep upstream_rq",
                "  proxyctl admin stats --watch --interval 2s --filter upstream_rq",
                "  proxyctl admin stats --watch --count 3 > samples.txt"},
        sortOptions = false)
public final class StatsCommand extends AdminSubcommand {
    @Option(names = "--filter", paramLabel = "REGEX", description = "Only stats whose name contains a match (Envoy's ?filter=).")
    String filter;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only ${COMPLETION-CANDIDATES} (Envoy's ?type=).")
    StatType type;

    @Option(names = "--used-only", description = "Only stats that were ever written (Envoy's ?usedonly).")
    boolean usedOnly;

    @Option(names = "--watch", description = "Live view, refreshed every --interval.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Refresh interval of --watch (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", description = "With --watch, stop after N samples (default: unlimited).")
    Integer count;

    @Override
    int execute() {
        StatsSelection selection = new StatsSelection(compile(filter), type, usedOnly);
        if (watch) {
            if (format() != OutputFormat.table) {
                throw new UsageException("--watch shows a table; -o " + format() + " cannot be combined with it");
            }
            if (count != null && count < 1) {
                throw new UsageException("--count must be at least 1");
            }
            if (interval.toMillis() < 100) {
                throw new UsageException("--interval must be at least 100ms");
            }
            return new StatsWatch(target.client(), selection, interval, count, out()).run();
        }
        if (count != null || spec.commandLine().getParseResult().hasMatchedOption("--interval")) {
            throw new UsageException("--interval and --count only apply with --watch");
        }
        AdminClient client = target.client();
        if (format() == OutputFormat.raw) {
            printText(StatsFetcher.raw(client, selection).body());
            return ExitCodes.OK;
        }
        List<Stat> stats = StatsFetcher.fetch(client, selection);
        if (format() == OutputFormat.table) {
            out().print(StatsFormat.table(stats));
        } else {
            emitTree(StatsFormat.envoyJson(stats));
        }
        return ExitCodes.OK;
    }

    static Pattern compile(String regex) {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new UsageException("invalid regex '" + regex + "': " + e.getDescription());
        }
    }
}
