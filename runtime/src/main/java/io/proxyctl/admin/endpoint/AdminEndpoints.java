package io.proxyctl.admin.endpoint;

import io.proxyctl.admin.AdminHandlerRegistry;
import io.proxyctl.admin.AdminParam;
import io.proxyctl.admin.AdminResponse;
import io.proxyctl.admin.AdminTarget;
import io.proxyctl.admin.dump.ConfigDumpHandler;
import io.proxyctl.common.Json;
import io.proxyctl.common.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers Envoy's admin endpoints for a server.
 *
 * <pre>
 * AdminEndpoints.register(server.adminHandlers(), target);
 * </pre>
 */
public final class AdminEndpoints {
    private AdminEndpoints() {
    }

    public static void register(AdminHandlerRegistry registry, AdminTarget t) {
        registry.register(new HomePageHandler(registry));
        registry.register(Endpoint.get("/help", "print out list of admin commands",
                r -> AdminResponse.text(200, registry.helpText())));
        registry.register(new StatsHandler(t, false));
        registry.register(new StatsHandler(t, true));
        registry.register(new ClustersHandler(t));
        registry.register(new ConfigDumpHandler(t));
        registry.register(new InitDumpHandler(t));
        registry.register(new ListenersHandler(t));
        registry.register(new ServerInfoHandler(t));
        registry.register(Endpoint.get("/ready", "print server state, return 200 if LIVE, otherwise return 503", r -> {
            AdminTarget.State s = t.state();
            return AdminResponse.text(s == AdminTarget.State.LIVE ? 200 : 503, s.name() + "\n");
        }));
        registry.register(new RuntimeHandler(t));
        registry.register(Endpoint.get("/memory", "print current allocation/heap usage", r -> memory()));
        registry.register(new CertsHandler(t));
        registry.register(Endpoint.post("/healthcheck/fail", "cause the server to fail health checks", r -> {
            t.setHealthCheckFailed(true);
            return AdminResponse.text(200, "OK\n");
        }));
        registry.register(Endpoint.post("/healthcheck/ok", "cause the server to pass health checks", r -> {
            t.setHealthCheckFailed(false);
            return AdminResponse.text(200, "OK\n");
        }));
        registry.register(Endpoint.post("/reset_counters", "reset all counters to zero", r -> {
            t.stats().resetCounters();
            return AdminResponse.text(200, "OK\n");
        }));
        registry.register(new LoggingHandler(t));
        registry.register(Endpoint.post("/drain_listeners", "drain listeners", r -> {
            boolean graceful = r.has("graceful");
            boolean skipExit = r.has("skip_exit");
            if (skipExit && !graceful) {
                return AdminResponse.text(400, "skip_exit requires graceful\n");
            }
            boolean inbound = r.has("inboundonly");
            return AdminResponse.text(200, "OK\n").thenRun(() -> t.drainListeners(graceful, inbound, skipExit));
        }, AdminParam.of("graceful", "When draining listeners, enter a graceful drain period prior to closing "
                        + "listeners. The drain period is the longest drain_timeout of the listeners' connection managers"),
                AdminParam.of("skip_exit", "When draining listeners, do not exit after the drain period. "
                        + "This must be used with graceful"),
                AdminParam.of("inboundonly", "Drains all inbound listeners. traffic_direction field in "
                        + "envoy_v3_api_msg_config.listener.v3.Listener is used to determine whether a listener is "
                        + "inbound or outbound.")));
        registry.register(Endpoint.post("/quitquitquit", "exit the server",
                r -> AdminResponse.text(200, "OK\n").thenRun(t::quit)));
    }

    /** {@code /memory}: Envoy's {@code envoy.admin.v3.Memory}, uint64 fields as strings. */
    private static AdminResponse memory() {
        MemoryUsage m = MemoryUsage.now();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("allocated", Long.toString(m.allocated()));
        out.put("heap_size", Long.toString(m.heapSize()));
        out.put("pageheap_unmapped", "0");
        out.put("pageheap_free", Long.toString(m.free()));
        out.put("total_thread_cache", "0");
        out.put("total_physical_bytes", Long.toString(m.physicalBytes()));
        return AdminResponse.json(200, Json.pretty(out, 1) + "\n");
    }
}
