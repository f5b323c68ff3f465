package io.proxyctl.testing;

/** YAML snippets for tests: a listener with an HCM and a cluster on loopback. */
public final class Configs {
    private Configs() {
    }

    /**
     * A bootstrap with listener 'ingress' on 127.0.0.1:0, HCM stat prefix 'ingress_http', the given HCM extras
     * (indented YAML under the HCM typed_config), virtual hosts, and clusters.
     */
    public static String bootstrap(String hcmExtra, String virtualHosts, String clusters) {
        return """
                admin:
                  address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                static_resources:
                  listeners:
                  - name: ingress
                    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                    filter_chains:
                    - filters:
                      - name: envoy.filters.network.http_connection_manager
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: ingress_http
                """ + indent(hcmExtra, 10) + """
                          route_config:
                            name: local_route
                            virtual_hosts:
                """ + indent(virtualHosts, 12) + """
                          http_filters:
                          - name: envoy.filters.http.router
                            typed_config:
                              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
                  clusters:
                """ + indent(clusters, 2);
    }

    /** A STATIC cluster with loopback endpoints. */
    public static String staticCluster(String name, int... ports) {
        StringBuilder sb = new StringBuilder("- name: " + name + "\n  type: STATIC\n  connect_timeout: 1s\n"
                + "  load_assignment:\n    cluster_name: " + name + "\n    endpoints:\n    - lb_endpoints:\n");
        for (int p : ports) {
            sb.append("      - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: ").append(p)
                    .append(" } } }\n");
        }
        return sb.toString();
    }

    /** One virtual host '*' with a single prefix route to {@code cluster}. */
    public static String catchAll(String cluster) {
        return """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/" }
                    route: { cluster: %s }
                """.formatted(cluster);
    }

    public static String indent(String s, int n) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String pad = " ".repeat(n);
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (!line.isEmpty()) {
                sb.append(pad).append(line);
            }
            sb.append('\n');
        }
        String out = sb.toString();
        while (out.endsWith("\n\n")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}
