package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code proxyctl admin quit}: ask the proxy to exit cleanly (POST /quitquitquit). */
@Command(name = "quit", mixinStandardHelpOptions = true,
        header = "Make the proxy exit cleanly (POST /quitquitquit).",
        description = {"Examples:",
                "  proxyctl admin quit -c envoy.yaml"},
        sortOptions = false)
public final class QuitCommand extends AdminSubcommand {
    @Override
    int execute() {
        MutationReply.send(this, "/quitquitquit", Query.of(), "OK: the proxy is shutting down");
        return ExitCodes.OK;
    }
}
