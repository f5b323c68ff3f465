package io.proxyctl.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds bootstrap YAML for reload tests: listener 'ingress' on 127.0.0.1:0 (port 0 is kept across reloads, so
 * the socket stays), optionally listener 'extra', routes by path prefix and STATIC clusters on loopback.
 */
final class ReloadConfigs {
    final Map<String, String> routes = new LinkedHashMap<>();
    final Map<String, Integer> clusters = new LinkedHashMap<>();
    String extraListener;
    int extraPort;
    String drainTimeout = "1s";

    ReloadConfigs route(String prefix, String cluster) {
        routes.put(prefix, cluster);
        return this;
    }

    ReloadConfigs cluster(String name, int port) {
        clusters.put(name, port);
        return this;
    }

    /** Adds listener 'extra' on {@code port} whose every request goes to {@code cluster}. */
    ReloadConfigs extra(String cluster, int port) {
        extraListener = cluster;
        extraPort = port;
        return this;
    }

    ReloadConfigs copy() {
        ReloadConfigs c = new ReloadConfigs();
        c.routes.putAll(routes);
        c.clusters.putAll(clusters);
        c.extraListener = extraListener;
        c.extraPort = extraPort;
        c.drainTimeout = drainTimeout;
        return c;
    }

    String yaml() {
        StringBuilder sb = new StringBuilder("""
                admin:
                  address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                static_resources:
                  listeners:
                """);
        StringBuilder vh = new StringBuilder();
        routes.forEach((prefix, cluster) -> vh.append(routeLine(prefix, cluster)));
        sb.append(listener("ingress", 0, vh.toString()));
        if (extraListener != null) {
            sb.append(listener("extra", extraPort, routeLine("/", extraListener)));
        }
        sb.append("  clusters:\n");
        clusters.forEach((name, port) -> sb.append(io.proxyctl.testing.Configs.indent("""
                  - name: %s
                    type: STATIC
                    connect_timeout: 1s
                    load_assignment:
                      cluster_name: %s
                      endpoints:
                      - lb_endpoints:
                        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                """.formatted(name, name, port), 2)));
        return sb.toString();
    }

    private static String routeLine(String prefix, String cluster) {
        return "              - match: { prefix: \"" + prefix + "\" }\n"
                + "                route: { cluster: " + cluster + " }\n";
    }

    private String listener(String name, int port, String routeLines) {
        return """
                  - name: %s
                    address: { socket_address: { address: 127.0.0.1, port_value: %d } }
                    filter_chains:
                    - filters:
                      - name: envoy.filters.network.http_connection_manager
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: %s
                          drain_timeout: %s
                          route_config:
                            name: %s_route
                            virtual_hosts:
                            - name: all
                              domains: ["*"]
                              routes:
                %s          http_filters:
                          - name: envoy.filters.http.router
                            typed_config:
                              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
                """.formatted(name, port, name, drainTimeout, name, routeLines);
    }
}
