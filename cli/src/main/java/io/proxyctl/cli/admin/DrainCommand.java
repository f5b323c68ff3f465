package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.ProxyctlCommand.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code proxyctl admin drain}: drain the listeners (POST /drain_listeners). */
@Command(name = "drain", mixinStandardHelpOptions = true,
        header = "Drain listeners (POST /drain_listeners): stop accepting, let connections finish.",
        description = {"Without --graceful the listeners stop at once; with it, Envoy first signals clients to go "
                + "away (HTTP/1.1 Connection: close, HTTP/2 GOAWAY) for the drain time.", "",
                "Examples:",
                "  proxyctl admin drain --graceful",
                "  proxyctl admin drain --inbound-only"},
        sortOptions = false)
public final class DrainCommand extends AdminSubcommand {
    @Option(names = "--graceful", description = "Drain gracefully over the drain time (Envoy's ?graceful).")
    boolean graceful;

    @Option(names = "--inbound-only", description = "Only inbound listeners (Envoy's ?inboundonly).")
    boolean inboundOnly;

    @Option(names = "--skip-exit", description = "Keep the listeners after a graceful drain (Envoy's ?skip_exit; needs --graceful).")
    boolean skipExit;

    @Override
    int execute() {
        if (skipExit && !graceful) {
            throw new UsageException("--skip-exit requires --graceful");
        }
        Query q = Query.of().flag("graceful", graceful).flag("inboundonly", inboundOnly).flag("skip_exit", skipExit);
        MutationReply.send(this, "/drain_listeners", q, "OK: draining " + (inboundOnly ? "inbound " : "") + "listeners"
                + (graceful ? " gracefully" : ""));
        return ExitCodes.OK;
    }
}
