package io.proxyctl.cli.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** How the POST-only commands (healthcheck, reset-counters, drain, quit) report Envoy's {@code OK}. */
final class MutationReply {
    private MutationReply() {
    }

    /** Sends the POST, checks for Envoy's OK and prints it in the chosen format. */
    static void send(AdminSubcommand cmd, String path, Query query, String done) {
        AdminReply r = cmd.target.client().post(path, query).requireOkBody();
        switch (cmd.format()) {
            case raw -> cmd.printText(r.body());
            case table -> cmd.out().println(done);
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("request", r.request());
                m.put("status", r.status());
                m.put("reply", r.body().strip());
                cmd.emitTree(m);
            }
        }
    }
}
