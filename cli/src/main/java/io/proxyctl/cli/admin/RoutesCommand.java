package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.ProxyctlCommand.UsageException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code proxyctl admin routes}: the route tables, one row per route, in match order. */
@Command(name = "routes", mixinStandardHelpOptions = true,
        header = "Show routes from the config dump: route config, virtual host, domains, match and action.",
        description = {"Reads the RoutesConfigDump of /config_dump (inline HCM route configs appear as static ones). "
                + "-o json/yaml print the RouteConfiguration objects; -o raw prints the /config_dump reply.", "",
                "Examples:",
                "  proxyctl admin routes",
                "  proxyctl admin routes --name local_route -o yaml",
                "  proxyctl admin routes --file dump.json"},
        sortOptions = false)
public final class RoutesCommand extends AdminSubcommand {
    private static final Query MASK = Query.of().add("mask", "static_route_configs,dynamic_route_configs");

    @Option(names = "--name", paramLabel = "NAME", description = "Only the route configuration with this name.")
    String name;

    @Mixin
    OfflineOptions offline;

    @Override
    int execute() {
        List<DumpResource> all;
        if (offline.offline()) {
            if (format() == OutputFormat.raw) {
                throw new UsageException("-o raw prints a live reply; with --file use -o json, yaml or table");
            }
            all = offline.read().resources("route_config");
        } else {
            AdminReply r = ConfigDumpFetcher.fetch(target.client(), MASK);
            all = ConfigDumpReader.fromReply(r).resources("route_config");
            if (format() == OutputFormat.raw) {
                printText(r.body());
                return ExitCodes.OK;
            }
        }
        List<DumpResource> routes = name == null ? all : all.stream().filter(r -> r.name().equals(name)).toList();
        if (name != null && routes.isEmpty()) {
            throw new AdminException("no route configuration named '" + name + "'");
        }
        if (format() == OutputFormat.table) {
            out().print(RoutesFormat.table(routes));
        } else {
            List<Object> configs = new ArrayList<>();
            routes.forEach(r -> configs.add(r.config()));
            emitTree(configs);
        }
        return ExitCodes.OK;
    }
}
