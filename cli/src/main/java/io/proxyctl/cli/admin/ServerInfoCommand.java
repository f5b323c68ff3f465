package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.render.TableRenderer;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code proxyctl admin server-info}: version, state, uptime and command line of the proxy. */
@Command(name = "server-info", mixinStandardHelpOptions = true,
        header = "Show the proxy's version, state, uptime, node and main command-line options (/server_info).",
        description = {"Examples:",
                "  proxyctl admin server-info",
                "  proxyctl admin server-info -o json"},
        sortOptions = false)
public final class ServerInfoCommand extends AdminSubcommand {
    private static final String[][] OPTIONS = {
        {"concurrency", "concurrency"}, {"config_path", "config path"}, {"log_level", "log level"},
        {"drain_time", "drain time"}, {"parent_shutdown_time", "parent shutdown time"}, {"mode", "mode"},
        {"base_id", "base id"}, {"restart_epoch", "restart epoch"}};

    @Override
    int execute() {
        AdminReply r = target.client().get("/server_info", Query.of());
        Map<String, Object> info = r.jsonObject("state");
        if (format() == OutputFormat.raw) {
            printText(r.body());
        } else if (format() == OutputFormat.table) {
            TableRenderer t = new TableRenderer("FIELD", "VALUE");
            t.row("version", Tree.str(info.get("version")));
            t.row("state", Tree.str(info.get("state")));
            t.row("uptime", Tree.str(info.get("uptime_current_epoch")));
            t.row("uptime all epochs", Tree.str(info.get("uptime_all_epochs")));
            t.row("hot restart version", Tree.str(info.get("hot_restart_version")));
            t.row("node id", Tree.str(info, "node", "id"));
            t.row("node cluster", Tree.str(info, "node", "cluster"));
            Object cli = info.get("command_line_options");
            for (String[] o : OPTIONS) {
                Object v = Tree.at(cli, o[0]);
                if (v != null && !Tree.str(v).isEmpty()) {
                    t.row(o[1], Tree.str(v));
                }
            }
            out().print(t.render());
        } else {
            emitTree(info);
        }
        return ExitCodes.OK;
    }
}
