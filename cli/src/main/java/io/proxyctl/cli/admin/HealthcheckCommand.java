package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code proxyctl admin healthcheck fail|ok}: take the proxy out of (or back into) its load balancers' rotation. */
@Command(name = "healthcheck", mixinStandardHelpOptions = true,
        header = "Fail or restore the proxy's inbound health checks (POST /healthcheck/fail, /healthcheck/ok).",
        description = {"'fail' makes the health_check HTTP filter answer 503 and the server state DRAINING, so load "
                + "balancers stop sending traffic before a shutdown; 'ok' undoes it.", "",
                "Examples:",
                "  proxyctl admin healthcheck fail",
                "  proxyctl admin healthcheck ok -c envoy.yaml"},
        sortOptions = false)
public final class HealthcheckCommand extends AdminSubcommand {
    /** The two actions of Envoy's healthcheck endpoints. */
    public enum Action { fail, ok }

    @Parameters(paramLabel = "ACTION", description = "fail or ok.")
    Action action;

    @Override
    int execute() {
        MutationReply.send(this, "/healthcheck/" + action, Query.of(),
                action == Action.fail ? "OK: health checks now fail (the proxy is DRAINING)" : "OK: health checks pass again");
        return ExitCodes.OK;
    }
}
