package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.render.TableRenderer;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code proxyctl admin config-dump}: the proxy's whole configuration as it runs, or a slice of it. */
@Command(name = "config-dump", mixinStandardHelpOptions = true,
        header = "Show the configuration the proxy runs (/config_dump), or an inventory of it.",
        description = {"The table lists every resource (bootstrap, clusters, listeners, route configs, secrets ...) "
                + "with its state, xDS version and last update; -o json/yaml print the dump itself (secrets are "
                + "redacted by the proxy); -o raw prints the reply unchanged.",
                "--resource, --mask, --name-regex and --include-eds are Envoy's ?resource=, ?mask=, ?name_regex= and "
                + "?include_eds; with --file they are applied to the saved dump.", "",
                "Examples:",
                "  proxyctl admin config-dump",
                "  proxyctl admin config-dump -o yaml > running.yaml",
                "  proxyctl admin config-dump --resource dynamic_active_clusters --mask cluster.name -o json",
                "  proxyctl admin config-dump --name-regex 'service.*' -o json",
                "  proxyctl admin config-dump --file dump.json --resource static_listeners"},
        sortOptions = false)
public final class ConfigDumpCommand extends AdminSubcommand {
    @Option(names = "--resource", paramLabel = "FIELD",
            description = "Only the elements of this repeated field, e.g. static_clusters, dynamic_active_clusters, static_listeners.")
    String resource;

    @Option(names = "--mask", paramLabel = "PATHS", description = "FieldMask: comma-separated field paths to keep, e.g. cluster.name.")
    String mask;

    @Option(names = "--name-regex", paramLabel = "REGEX", description = "Only resources whose whole name matches.")
    String nameRegex;

    @Option(names = "--include-eds", description = "Include the endpoint (EDS) assignments.")
    boolean includeEds;

    @Mixin
    OfflineOptions offline;

    @Override
    int execute() {
        ConfigDump dump;
        if (offline.offline()) {
            ConfigDump saved = offline.read();
            boolean query = resource != null || mask != null || nameRegex != null;
            if (format() == OutputFormat.raw && !query) {
                printText(io.proxyctl.common.Json.pretty(saved.root()));
                return ExitCodes.OK;
            }
            Map<String, Object> selected = query
                    ? ConfigDumpQuery.apply(saved, resource, mask, StatsCommand.compile(nameRegex)) : saved.root();
            dump = ConfigDump.of(selected);
        } else {
            StatsCommand.compile(nameRegex);
            Query q = Query.of().add("resource", resource).add("mask", mask).add("name_regex", nameRegex)
                    .flag("include_eds", includeEds);
            AdminReply r = ConfigDumpFetcher.fetch(target.client(), q);
            dump = ConfigDumpReader.fromReply(r);
            if (format() == OutputFormat.raw) {
                printText(r.body());
                return ExitCodes.OK;
            }
        }
        if (format() == OutputFormat.table) {
            TableRenderer t = new TableRenderer("KIND", "NAME", "STATE", "VERSION", "LAST_UPDATED");
            for (DumpResource res : dump.resources()) {
                t.row(res.kind(), res.name(), res.state(), res.version(), res.lastUpdated());
            }
            out().print(t.render());
        } else {
            emitTree(dump.root());
        }
        return ExitCodes.OK;
    }
}
