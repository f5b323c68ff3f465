package io.proxyctl.cli.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code proxyctl admin}: inspects and controls a running proxy through its admin endpoint, istioctl proxy-config
 * style, without Kubernetes. Works with any Envoy-compatible admin API (a real Envoy's formats are the reference).
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        header = "Inspect and control a running proxy through its admin endpoint (Envoy's or proxyctl's).",
        description = {"Every subcommand talks to the admin endpoint given by --address (default 127.0.0.1:9901) or by "
                + "the admin.address of -c envoy.yaml, and prints a table, JSON, YAML or the raw reply (-o). "
                + "clusters, listeners, routes and config-dump also read a saved config dump with --file.", "",
                "Examples:",
                "  proxyctl admin clusters",
                "  proxyctl admin listeners -c envoy.yaml",
                "  proxyctl admin routes --file dump.json",
                "  proxyctl admin stats --watch --filter 'upstream_rq'",
                "  proxyctl admin config-dump --resource dynamic_active_clusters -o yaml",
                "  proxyctl admin healthcheck fail && proxyctl admin drain --graceful"},
        subcommands = {StatsCommand.class, ClustersCommand.class, ListenersCommand.class, RoutesCommand.class,
            ConfigDumpCommand.class, ServerInfoCommand.class, ReadyCommand.class, HealthcheckCommand.class,
            ResetCountersCommand.class, LoggingCommand.class, DrainCommand.class, ReloadCommand.class, QuitCommand.class},
        sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the request failed, the endpoint is not an admin API, or (ready) the proxy is not LIVE",
            "2:usage error"})
public final class AdminCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
