package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code proxyctl admin reload}: asks a running proxyctl to re-read its config file (POST /reload, a proxyctl
 * extension). Exit 0 when the config was applied; 1 when it was rejected, with the diagnostics printed.
 */
@Command(name = "reload", mixinStandardHelpOptions = true,
        header = "Reload the running proxy's config file (POST /reload, proxyctl only).",
        description = {"The proxy validates the file as 'proxyctl validate' does. Valid: it is applied without "
                + "dropping connections (exit 0, what changed is printed). Invalid or impossible to apply (a new "
                + "listener address in use): the running config is kept and the diagnostics are printed (exit 1).", "",
                "Examples:",
                "  proxyctl admin reload",
                "  proxyctl admin reload -o json"},
        sortOptions = false)
public final class ReloadCommand extends AdminSubcommand {
    @Override
    int execute() {
        AdminReply r = target.client().post("/reload", Query.of());
        Map<String, Object> reply = parse(r);
        boolean applied = Boolean.TRUE.equals(reply.get("applied"));
        switch (format()) {
            case raw -> printText(r.body());
            case table -> {
                if (applied) {
                    out().println("OK: config reload applied" + changes(reply.get("changes")));
                }
                for (Object d : list(reply.get("diagnostics"))) {
                    if (d instanceof Map<?, ?> m) {
                        (applied ? out() : err()).println(line(m));
                    }
                }
                if (!applied) {
                    err().println("proxyctl admin: reload rejected; the proxy keeps serving its previous config");
                }
            }
            default -> emitTree(reply);
        }
        out().flush();
        err().flush();
        return applied ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** The JSON reply of a proxyctl admin (200 applied, 400 rejected); anything else is explained as an error. */
    private static Map<String, Object> parse(AdminReply r) {
        if (r.status() == 400 && r.body().stripLeading().startsWith("{")) {
            try {
                if (JsonParser.parse(r.body()) instanceof Map<?, ?> m && m.containsKey("applied")) {
                    return Tree.map(m);
                }
            } catch (JsonParser.JsonException e) {
                // not our reply: requireOk below explains the status
            }
        }
        if (r.status() == 404) {
            throw new AdminException(r.request() + " to " + r.address() + ": 404 (this admin has no /reload: only "
                    + "'proxyctl run' serves it, Envoy does not)");
        }
        return r.jsonObject("applied");
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static String changes(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> {
            if (!list(v).isEmpty()) {
                sb.append(sb.length() == 0 ? " (" : "; ").append(String.valueOf(k).replace('_', ' ')).append(": ")
                        .append(String.join(", ", list(v).stream().map(String::valueOf).toList()));
            }
        });
        return sb.length() == 0 ? " (no listener or cluster changed)" : sb.append(')').toString();
    }

    private static String line(Map<?, ?> d) {
        Object line = d.get("line");
        String where = line instanceof Number n && n.longValue() > 0 ? ":" + n.longValue() + ":" + d.get("column") : "";
        Object path = d.get("path");
        return d.get("file") + where + ": " + d.get("severity") + "[" + d.get("code") + "]: " + d.get("message")
                + (path == null || String.valueOf(path).isEmpty() ? "" : " (at " + path + ")");
    }
}
