package io.proxyctl.config.upgrade;

import java.util.List;

/** The envoyproxy/examples configs copied unchanged into test resources (configs/examples). */
public final class ExampleConfigs {
    private ExampleConfigs() {
    }

    /** Resource paths under {@code configs/}. */
    public static List<String> all() {
        return List.of(
                "examples/front-proxy/envoy.yaml",
                "examples/front-proxy/service-envoy.yaml",
                "examples/redis/envoy.yaml",
                "examples/dynamic-config-cp/envoy.yaml",
                "examples/dynamic-config-fs/envoy.yaml",
                "examples/dynamic-config-fs/configs/lds.yaml",
                "examples/dynamic-config-fs/configs/cds.yaml",
                "examples/locality-load-balancing/envoy.yaml",
                "examples/tls-inspector/envoy.yaml",
                "examples/double-proxy/envoy-frontend.yaml",
                "examples/double-proxy/envoy-backend.yaml",
                "examples/double-proxy/envoy.yaml",
                "examples/tls-sni/envoy.yaml",
                "examples/tls-sni/envoy-client.yaml",
                "examples/route-mirror/envoy.yaml",
                "examples/websocket/envoy-wss.yaml",
                "examples/websocket/envoy-wss-passthrough.yaml",
                "examples/websocket/envoy-ws-route.yaml",
                "examples/websocket/envoy-ws.yaml",
                "examples/tls/envoy-https-http.yaml",
                "examples/tls/envoy-https-https.yaml",
                "examples/tls/envoy-http-https.yaml",
                "examples/tls/envoy-https-passthrough.yaml");
    }
}
