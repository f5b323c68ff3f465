package io.proxyctl.cli.admin;

import java.util.Map;

/**
 * One resource found in a config dump: a cluster, listener, route configuration, secret, endpoint assignment ...
 *
 * @param kind        bootstrap, cluster, endpoints, listener, scoped_routes, route_config, secret, ecds_filter, or
 *                    the dump's own type name when proxyctl does not know it
 * @param name        the resource name, "" when it has none
 * @param state       static, active, warming, draining, dynamic or error ("" for the bootstrap)
 * @param version     the xDS version_info, "" for static resources
 * @param lastUpdated the dump's last_updated timestamp, "" when absent
 * @param config      the resource itself (Cluster, Listener, RouteConfiguration ...), empty when absent
 */
public record DumpResource(String kind, String name, String state, String version, String lastUpdated,
                           Map<String, Object> config) {
}
