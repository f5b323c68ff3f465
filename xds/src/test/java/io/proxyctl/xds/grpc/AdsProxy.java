package io.proxyctl.xds.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.ValidationReport;
import io.proxyctl.server.DynamicProxy;
import io.proxyctl.server.ListenerInfo;
import io.proxyctl.server.ServerOptions;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.xds.DynamicConfig;
import io.proxyctl.xds.XdsType;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A proxyctl proxy whose bootstrap has only ADS (and the static xDS cluster and admin), for tests. */
final class AdsProxy implements AutoCloseable {
    static final String BOOTSTRAP = """
            node: {id: %s, cluster: fleet}
            admin:
              address: {socket_address: {address: 127.0.0.1, port_value: 0}}
            dynamic_resources:
              ads_config:
                api_type: GRPC
                transport_api_version: V3
                grpc_services: [{envoy_grpc: {cluster_name: xds_cluster}}]
              cds_config: {resource_api_version: V3, ads: {}, initial_fetch_timeout: 5s}
              lds_config: {resource_api_version: V3, ads: {}, initial_fetch_timeout: 5s}
            static_resources:
              clusters:
              - name: xds_cluster
                type: STATIC
                typed_extension_protocol_options:
                  envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                    "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                    explicit_http_config: {http2_protocol_options: {}}
                load_assignment:
                  cluster_name: xds_cluster
                  endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}}]}]
            """;

    final List<String> log;
    private final DynamicProxy proxy;

    private AdsProxy(DynamicProxy proxy, List<String> log) {
        this.proxy = proxy;
        this.log = log;
    }

    static AdsProxy start(String nodeId, int controlPlanePort) {
        return start(nodeId, controlPlanePort, "GRPC");
    }

    /** A proxy whose ads_config has {@code apiType} (GRPC or DELTA_GRPC). */
    static AdsProxy start(String nodeId, int controlPlanePort, String apiType) {
        List<String> log = new CopyOnWriteArrayList<>();
        ValidationReport r = new ConfigValidator().validate(YamlLoader.loadText("ads.yaml",
                BOOTSTRAP.formatted(nodeId, controlPlanePort).replace("api_type: GRPC", "api_type: " + apiType)));
        assertTrue(r.valid(), () -> r.diagnostics().toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) r.v3().root();
        DynamicProxy p = DynamicProxy.start(tree, ServerOptions.defaults().withConcurrency(1).withLog(log::add),
                (b, c, l) -> GrpcAdsFactory.create(b, c, l, Duration.ofMillis(50), Duration.ofMillis(400)),
                Duration.ofMillis(50));
        return new AdsProxy(p, log);
    }

    DynamicProxy proxy() {
        return proxy;
    }

    DynamicConfig dynamic() {
        return proxy.config();
    }

    int port(String listener) {
        return proxy.server().boundPort(listener);
    }

    Set<String> listenerNames() {
        return proxy.server().listeners().stream().map(ListenerInfo::name).collect(Collectors.toSet());
    }

    void awaitListener(String name) throws InterruptedException {
        Eventually.that(() -> listenerNames().contains(name), this::describe);
    }

    long stat(String name) {
        return proxy.server().stats().value(name);
    }

    /** The version_info of each type that has resources. */
    Set<String> versions() {
        Set<String> out = new LinkedHashSet<>();
        for (XdsType t : XdsType.values()) {
            out.add(dynamic().snapshot().version(t));
        }
        return out;
    }

    String get(String listener) throws IOException {
        try (RawHttp http = RawHttp.connect(port(listener))) {
            RawHttp.Response r = http.get("/");
            assertEquals(200, r.status(), r::body);
            return r.body();
        }
    }

    String describe() {
        return "proxy log:\n" + String.join("\n", log);
    }

    @Override
    public void close() {
        proxy.close();
    }
}
