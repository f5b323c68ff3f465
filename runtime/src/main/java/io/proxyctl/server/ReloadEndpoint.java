package io.proxyctl.server;

import io.proxyctl.admin.AdminHandler;
import io.proxyctl.admin.AdminRequest;
import io.proxyctl.admin.AdminResponse;
import io.proxyctl.common.Json;
import io.proxyctl.config.validate.Diagnostic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /reload} (a proxyctl extension to Envoy's admin API): re-reads the config file the server was
 * started from and applies it. 200 with {@code "applied": true} and what changed, or 400 with
 * {@code "applied": false} and the diagnostics when the config was rejected (the previous one keeps serving).
 */
final class ReloadEndpoint implements AdminHandler {
    private final ProxyServer server;

    ReloadEndpoint(ProxyServer server) {
        this.server = server;
    }

    @Override
    public String prefix() {
        return "/reload";
    }

    @Override
    public String helpText() {
        return "reload the config file (proxyctl extension): validate it, then apply it or keep the running config";
    }

    @Override
    public boolean mutatesState() {
        return true;
    }

    @Override
    public AdminResponse handle(AdminRequest request) {
        ReloadResult r = server.reloadConfigFile();
        return AdminResponse.json(r.applied() ? 200 : 400, Json.pretty(toJson(r), 1) + "\n");
    }

    static Map<String, Object> toJson(ReloadResult r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("applied", r.applied());
        if (r.applied()) {
            ReloadResult.Changes c = r.changes();
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("listeners_added", c.listenersAdded());
            changes.put("listeners_modified", c.listenersModified());
            changes.put("listeners_removed", c.listenersRemoved());
            changes.put("clusters_added", c.clustersAdded());
            changes.put("clusters_modified", c.clustersModified());
            changes.put("clusters_removed", c.clustersRemoved());
            root.put("changes", changes);
        }
        List<Object> diags = new ArrayList<>();
        for (Diagnostic d : r.diagnostics()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", d.file());
            m.put("line", (long) d.line());
            m.put("column", (long) d.column());
            m.put("severity", d.severity().name().toLowerCase(java.util.Locale.ROOT));
            m.put("code", d.code().id());
            m.put("message", d.message());
            m.put("path", d.path());
            if (d.suggestion() != null) {
                m.put("suggestion", d.suggestion());
            }
            diags.add(m);
        }
        root.put("diagnostics", diags);
        return root;
    }
}
