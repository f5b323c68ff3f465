package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code proxyctl admin reset-counters}: zero every counter (POST /reset_counters). */
@Command(name = "reset-counters", mixinStandardHelpOptions = true,
        header = "Reset every counter to zero (POST /reset_counters); gauges and histograms are kept.",
        description = {"Examples:",
                "  proxyctl admin reset-counters && proxyctl admin stats --used-only"},
        sortOptions = false)
public final class ResetCountersCommand extends AdminSubcommand {
    @Override
    int execute() {
        MutationReply.send(this, "/reset_counters", Query.of(), "OK: counters reset");
        return ExitCodes.OK;
    }
}
