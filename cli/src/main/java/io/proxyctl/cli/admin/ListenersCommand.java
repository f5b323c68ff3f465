package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.ProxyctlCommand.UsageException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code proxyctl admin listeners}: what the proxy listens on and what each filter chain does. */
@Command(name = "listeners", mixinStandardHelpOptions = true,
        header = "Show listeners: bound address, state, filter chain match, network filters and destination.",
        description = {"Combines /listeners?format=json (the addresses actually bound) with the listener configs "
                + "from /config_dump. One row per filter chain. -o json/yaml print the Listener configs; -o raw "
                + "prints the text /listeners reply.", "",
                "Examples:",
                "  proxyctl admin listeners",
                "  proxyctl admin listeners --name listener_0 -o yaml",
                "  proxyctl admin listeners --file dump.json"},
        sortOptions = false)
public final class ListenersCommand extends AdminSubcommand {
    private static final Query MASK = Query.of().add("mask", "static_listeners,dynamic_listeners");

    @Option(names = "--name", paramLabel = "NAME", description = "Only the listener with this name.")
    String name;

    @Mixin
    OfflineOptions offline;

    @Override
    int execute() {
        if (offline.offline()) {
            if (format() == OutputFormat.raw) {
                throw new UsageException("-o raw prints a live reply; with --file use -o json, yaml or table");
            }
            return print(offline.read().resources("listener"), null);
        }
        AdminClient client = target.client();
        if (format() == OutputFormat.raw) {
            AdminReply r = client.get("/listeners", Query.of());
            ListenersParser.parse(r);
            printText(r.body());
            return ExitCodes.OK;
        }
        List<ListenerStatus> live = ListenersParser.parse(client.get("/listeners", Query.of().add("format", "json")));
        List<DumpResource> configs = ConfigDumpFetcher.dump(client, MASK).resources("listener");
        return print(configs, live);
    }

    private int print(List<DumpResource> all, List<ListenerStatus> live) {
        List<DumpResource> listeners = name == null ? all : all.stream().filter(l -> l.name().equals(name)).toList();
        List<ListenerStatus> bound = live == null || name == null ? live
                : live.stream().filter(l -> l.name().equals(name)).toList();
        if (name != null && listeners.isEmpty() && (bound == null || bound.isEmpty())) {
            throw new AdminException("no listener named '" + name + "'");
        }
        if (format() == OutputFormat.table) {
            out().print(ListenersFormat.table(listeners, bound));
        } else {
            emitTree(ListenersFormat.configs(listeners));
        }
        return ExitCodes.OK;
    }
}
