package io.proxyctl.admin.endpoint;

import io.proxyctl.admin.AdminHandler;
import io.proxyctl.admin.AdminRequest;
import io.proxyctl.admin.AdminResponse;
import io.proxyctl.admin.AdminTarget;
import io.proxyctl.admin.ServerIdentity;
import io.proxyctl.common.Json;
import io.proxyctl.common.LogLevels;
import io.proxyctl.config.tree.Tree;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /server_info}: {@code envoy.admin.v3.ServerInfo} with every field printed (Envoy prints it with
 * {@code always_print_fields_with_no_presence}). {@code command_line_options} holds the options this server
 * actually has: concurrency, config path, log level and mode; hot restart is reported disabled.
 */
final class ServerInfoHandler implements AdminHandler {
    private final AdminTarget target;

    ServerInfoHandler(AdminTarget target) {
        this.target = target;
    }

    @Override
    public String prefix() {
        return "/server_info";
    }

    @Override
    public String helpText() {
        return "print server version/status information";
    }

    @Override
    public AdminResponse handle(AdminRequest r) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("version", ServerIdentity.version());
        info.put("state", target.state().name());
        info.put("hot_restart_version", "disabled");
        info.put("command_line_options", options());
        info.put("node", node());
        String uptime = target.uptimeMillis() / 1000 + "s";
        info.put("uptime_current_epoch", uptime);
        info.put("uptime_all_epochs", uptime);
        return AdminResponse.json(200, Json.pretty(info, 1) + "\n");
    }

    private Map<String, Object> options() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("base_id", "0");
        o.put("concurrency", target.concurrency());
        o.put("config_path", target.configPath());
        o.put("config_yaml", "");
        o.put("allow_unknown_static_fields", false);
        o.put("local_address_ip_version", "v4");
        LogLevels.Level main = target.logLevels().levels().get(LogLevels.MAIN);
        o.put("log_level", main == null ? "info" : main.label());
        o.put("component_log_level", "");
        o.put("log_path", "");
        o.put("service_cluster", "");
        o.put("service_node", "");
        o.put("service_zone", "");
        o.put("mode", "Serve");
        o.put("disable_hot_restart", true);
        o.put("restart_epoch", 0);
        o.put("disabled_extensions", List.of());
        return o;
    }

    private Map<String, Object> node() {
        Map<String, Object> configured = Tree.mapField(target.configTree(), "node");
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", text(configured, "id"));
        n.put("cluster", text(configured, "cluster"));
        Object md = Tree.get(configured, "metadata");
        n.put("metadata", md == null ? Map.of() : md);
        Map<String, Object> locality = Tree.mapField(configured, "locality");
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("region", text(locality, "region"));
        l.put("zone", text(locality, "zone"));
        l.put("sub_zone", text(locality, "sub_zone"));
        n.put("locality", l);
        n.put("user_agent_name", ServerIdentity.USER_AGENT);
        n.put("user_agent_build_version", ServerIdentity.buildVersion(true));
        n.put("extensions", List.of());
        n.put("client_features", List.of());
        n.put("listening_addresses", List.of());
        return n;
    }

    private static String text(Map<String, Object> m, String field) {
        String s = Tree.text(Tree.get(m, field));
        return s == null ? "" : s;
    }
}
