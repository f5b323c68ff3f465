package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.ProxyctlCommand.UsageException;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code proxyctl admin clusters}: upstream clusters and the health and traffic of every host. */
@Command(name = "clusters", mixinStandardHelpOptions = true,
        header = "Show upstream clusters and their hosts: health, weight, connection and request counts.",
        description = {"Reads /clusters?format=json (or the text format). One row per host. -o json prints Envoy's "
                + "cluster_statuses document; -o raw prints the text /clusters reply.",
                "With --file, reads the clusters and their load assignments from a saved config dump (no stats offline).", "",
                "Examples:",
                "  proxyctl admin clusters",
                "  proxyctl admin clusters --cluster service1 -o yaml",
                "  proxyctl admin clusters -c envoy.yaml -o raw",
                "  proxyctl admin clusters --file dump.json"},
        sortOptions = false)
public final class ClustersCommand extends AdminSubcommand {
    @Option(names = "--cluster", paramLabel = "NAME", description = "Only this cluster.")
    String cluster;

    @Mixin
    OfflineOptions offline;

    @Override
    int execute() {
        if (offline.offline()) {
            if (format() == OutputFormat.raw) {
                throw new UsageException("-o raw prints a live reply; with --file use -o json, yaml or table");
            }
            return print(ClustersFromDump.read(offline.read()));
        }
        AdminClient client = target.client();
        if (format() == OutputFormat.raw) {
            AdminReply r = client.get("/clusters", Query.of());
            ClustersParser.parseText(r);
            String body = cluster == null ? r.body() : r.body().lines()
                    .filter(l -> l.startsWith(cluster + "::")).map(l -> l + "\n").collect(Collectors.joining());
            out().print(body);
            return ExitCodes.OK;
        }
        return print(ClustersParser.parse(client.get("/clusters", Query.of().add("format", "json"))));
    }

    private int print(List<ClusterStatus> all) {
        List<ClusterStatus> clusters = cluster == null ? all : all.stream().filter(c -> c.name().equals(cluster)).toList();
        if (cluster != null && clusters.isEmpty()) {
            throw new AdminException("no cluster named '" + cluster + "' (" + all.size() + " clusters: "
                    + all.stream().map(ClusterStatus::name).limit(10).collect(Collectors.joining(", ")) + ")");
        }
        if (format() == OutputFormat.table) {
            out().print(ClustersFormat.table(clusters));
        } else {
            emitTree(ClustersFormat.envoyJson(clusters));
        }
        return ExitCodes.OK;
    }
}
