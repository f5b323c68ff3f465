package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code proxyctl admin ready}: is the proxy LIVE? Usable as a readiness probe through its exit code. */
@Command(name = "ready", mixinStandardHelpOptions = true,
        header = "Print the server state from /ready; exit 0 when LIVE, 1 otherwise.",
        description = {"Envoy answers 200 LIVE when initialised and not draining, else 503 with PRE_INITIALIZING, "
                + "INITIALIZING or DRAINING.", "",
                "Examples:",
                "  proxyctl admin ready && echo serving",
                "  until proxyctl admin ready -o raw >/dev/null 2>&1; do sleep 1; done"},
        sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the proxy is LIVE", "1:not LIVE, or the request failed", "2:usage error"})
public final class ReadyCommand extends AdminSubcommand {
    private static final Set<String> STATES = Set.of("LIVE", "DRAINING", "PRE_INITIALIZING", "INITIALIZING");

    @Override
    int execute() {
        AdminReply r = target.client().get("/ready", Query.of());
        String state = r.body().strip();
        if ((r.status() != 200 && r.status() != 503) || r.isHtml() || !STATES.contains(state)
                || (r.status() == 200) != state.equals("LIVE")) {
            if (r.status() != 200 && r.status() != 503) {
                r.requireOk();
            }
            throw r.notAdmin("answered " + r.status() + " " + r.describeBody() + (r.isHtml() ? "" : " instead of a server state"));
        }
        boolean live = r.status() == 200;
        switch (format()) {
            case raw -> printText(r.body());
            case table -> out().println(state);
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ready", live);
                m.put("state", state);
                emitTree(m);
            }
        }
        return live ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
