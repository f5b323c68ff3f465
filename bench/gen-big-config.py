#!/usr/bin/env python3
"""Writes a large, schema-valid Envoy v3 bootstrap for timing `proxyctl validate`.

usage: gen-big-config.py ROUTES CLUSTERS > big.yaml

One listener with an HTTP connection manager; ROUTES routes spread over virtual hosts of 50 routes each, route i
sending to cluster i % CLUSTERS; CLUSTERS STRICT_DNS clusters with one endpoint, a health check and circuit
breakers, so each cluster exercises Durations, enums, wrappers and nested messages. Output is deterministic.
"""
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    routes, clusters = int(sys.argv[1]), int(sys.argv[2])
    if routes < 1 or clusters < 1:
        sys.exit("ROUTES and CLUSTERS must be positive")
    out = sys.stdout
    out.write("""admin:
  address:
    socket_address: {address: 127.0.0.1, port_value: 9901}
static_resources:
  listeners:
  - name: listener_0
    address:
      socket_address: {address: 0.0.0.0, port_value: 10000}
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: ingress_http
          codec_type: AUTO
          route_config:
            name: local_route
            virtual_hosts:
""")
    per_host = 50
    for h in range((routes + per_host - 1) // per_host):
        out.write(f"""            - name: vh_{h}
              domains: ["host{h}.example.com", "host{h}.example.com:10000"]
              routes:
""")
        for i in range(h * per_host, min(routes, (h + 1) * per_host)):
            out.write(f"""              - match: {{prefix: "/svc/{i}/"}}
                route:
                  cluster: cluster_{i % clusters}
                  timeout: 15s
                  retry_policy: {{retry_on: 5xx, num_retries: 2, per_try_timeout: 0.5s}}
                request_headers_to_add:
                - header: {{key: x-route-id, value: "{i}"}}
                  append_action: OVERWRITE_IF_EXISTS_OR_ADD
""")
    out.write("""          http_filters:
          - name: envoy.filters.http.router
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
  clusters:
""")
    for c in range(clusters):
        out.write(f"""  - name: cluster_{c}
    connect_timeout: 0.25s
    type: STRICT_DNS
    lb_policy: ROUND_ROBIN
    circuit_breakers:
      thresholds:
      - priority: DEFAULT
        max_connections: 1024
        max_pending_requests: 1024
    health_checks:
    - timeout: 1s
      interval: 5s
      unhealthy_threshold: 3
      healthy_threshold: 1
      http_health_check: {{path: /healthz}}
    load_assignment:
      cluster_name: cluster_{c}
      endpoints:
      - lb_endpoints:
        - endpoint:
            address:
              socket_address: {{address: backend{c}.internal, port_value: {8000 + c % 1000}}}
""")


if __name__ == "__main__":
    main()
