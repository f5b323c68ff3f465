package io.proxyctl.config.model;

import java.util.Map;

/**
 * Downstream connection limits: the overload manager's global one and per-listener ones from the runtime.
 *
 * @param globalMax   {@code overload_manager} resource monitor {@code envoy.resource_monitors.global_downstream_max_connections}
 *                    ({@code DownstreamConnectionsConfig.max_active_downstream_connections}), or the deprecated
 *                    runtime key {@code overload.global_downstream_max_connections}; 0 when unlimited
 * @param perListener runtime keys {@code envoy.resource_limits.listener.<listener name>.connection_limit} of the
 *                    {@code layered_runtime} static layers (the last layer wins), by listener name
 */
public record ConnectionLimits(long globalMax, Map<String, Long> perListener) {
    public static final ConnectionLimits NONE = new ConnectionLimits(0, Map.of());

    public ConnectionLimits {
        perListener = Map.copyOf(perListener);
    }

    /** The limit of one listener, 0 when none. */
    public long listenerMax(String listenerName) {
        return perListener.getOrDefault(listenerName, 0L);
    }
}
