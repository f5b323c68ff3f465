package io.proxyctl.admin.endpoint;

import io.proxyctl.admin.AdminHandler;
import io.proxyctl.admin.AdminParam;
import io.proxyctl.admin.AdminRequest;
import io.proxyctl.admin.AdminResponse;
import io.proxyctl.admin.AdminTarget;
import io.proxyctl.common.Json;
import io.proxyctl.xds.BootstrapComposer;
import io.proxyctl.xds.DynamicConfig;
import io.proxyctl.xds.XdsType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /init_dump}: what initialisation still waits for, as Envoy's {@code UnreadyTargetsDumps}
 * ({@code {"unready_targets_dumps": [{"name": ..., "target_names": [...]}]}}, {@code {}} when nothing waits):
 * the CDS and LDS subscriptions before their first accepted response, clusters waiting for their EDS load
 * assignment and listeners waiting for a route configuration (or for a cluster their routes name).
 */
final class InitDumpHandler implements AdminHandler {
    private final AdminTarget target;

    InitDumpHandler(AdminTarget target) {
        this.target = target;
    }

    @Override
    public String prefix() {
        return "/init_dump";
    }

    @Override
    public String helpText() {
        return "dump current Envoy init manager information (experimental)";
    }

    @Override
    public List<AdminParam> params() {
        return List.of();
    }

    @Override
    public AdminResponse handle(AdminRequest r) {
        List<Object> dumps = new ArrayList<>();
        DynamicConfig d = target.dynamicConfig();
        if (d != null) {
            List<String> server = new ArrayList<>();
            for (XdsType t : List.of(XdsType.CLUSTER, XdsType.LISTENER)) {
                if (subscribed(t) && d.lastUpdated(t) == null) {
                    server.add(t.shortName().toUpperCase() + " subscription (awaiting its first response)");
                }
            }
            add(dumps, "Server", server);
            BootstrapComposer.Composition c = d.applied();
            if (c != null) {
                add(dumps, "ClusterManager", c.warmingClusters().stream().map(n -> "EdsClusterImpl " + n).toList());
                add(dumps, "ListenerManager", c.warmingListeners().stream().map(n -> "Listener-init-target " + n)
                        .toList());
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        if (!dumps.isEmpty()) {
            root.put("unready_targets_dumps", dumps);
        }
        return AdminResponse.json(200, Json.pretty(root, 1) + "\n");
    }

    private boolean subscribed(XdsType t) {
        Map<String, Object> b = target.dynamicBootstrap();
        Object dyn = b == null ? null : b.get("dynamic_resources");
        return dyn instanceof Map<?, ?> m && m.get(t == XdsType.CLUSTER ? "cds_config" : "lds_config") != null;
    }

    private static void add(List<Object> dumps, String name, List<String> targets) {
        if (!targets.isEmpty()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("target_names", targets);
            dumps.add(m);
        }
    }
}
