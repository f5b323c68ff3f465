package io.proxyctl.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.proxyctl.config.bind.BootstrapBinder;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.ValidationReport;
import io.proxyctl.server.ProxyServer;
import io.proxyctl.server.ServerOptions;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /config_dump}: the dump messages, their @types and order, canonical proto3 JSON, redaction, Envoy's
 * resource / mask / name_regex / include_eds queries and their errors, and a v2 file dumped as v3.
 */
@ExtendWith(LeakCheckExtension.class)
class ConfigDumpTest {
    private static final String ADMIN = "type.googleapis.com/envoy.admin.v3.";
    private static TestUpstream up;
    private static SelfSignedCertificate cert;
    private static ProxyFixture px;
    private static AdminHttp admin;

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.start("up");
        cert = new SelfSignedCertificate("upstream.example");
        String key = Files.readString(cert.privateKey().toPath()).replace("\n", "\\n");
        String yaml = """
                node: { id: node-1, cluster: front }
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
                          statPrefix: ingress_http
                          codec_type: auto
                          stream_idle_timeout: 300s
                          route_config:
                            name: local_route
                            virtual_hosts:
                            - name: all
                              domains: ["*"]
                              routes:
                              - match: { prefix: "/" }
                                route: { cluster: web-a, timeout: 1.5s }
                          http_filters:
                          - name: envoy.filters.http.router
                            typed_config:
                              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
                  clusters:
                  - name: web-a
                    type: static
                    lb_policy: round_robin
                    connect_timeout: 0.25s
                    per_connection_buffer_limit_bytes: "32768"
                    load_assignment:
                      cluster_name: web-a
                      endpoints:
                      - lb_endpoints:
                        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                  - name: web-tls
                    connect_timeout: 1s
                    load_assignment:
                      cluster_name: web-tls
                      endpoints:
                      - lb_endpoints:
                        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                    transport_socket:
                      name: envoy.transport_sockets.tls
                      typed_config:
                        "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
                        common_tls_context:
                          tls_certificates:
                          - certificate_chain: { filename: %s }
                            private_key: { inline_string: "%s" }
                  secrets:
                  - name: api-key
                    generic_secret: { secret: { inline_string: hunter2 } }
                  - name: server-cert
                    tls_certificate:
                      certificate_chain: { filename: %s }
                      private_key: { filename: /etc/secret/key.pem }
                      password: { inline_string: s3cret }
                """.formatted(up.port(), up.port(), cert.certificate(), key, cert.certificate());
        px = ProxyFixture.start(yaml);
        admin = new AdminHttp(px.server.adminAddress().getPort());
    }

    @AfterAll
    static void stop() {
        px.close();
        up.close();
        cert.delete();
    }

    private static JSONObject dump(String query) throws Exception {
        RawHttp.Response r = admin.get("/config_dump" + query);
        assertEquals(200, r.status(), r.body());
        assertEquals("application/json", r.header("content-type"));
        return new JSONObject(r.body());
    }

    private static List<String> types(JSONObject dump) {
        List<String> t = new ArrayList<>();
        JSONArray configs = dump.optJSONArray("configs");
        for (int i = 0; configs != null && i < configs.length(); i++) {
            t.add(configs.getJSONObject(i).getString("@type").substring(ADMIN.length()));
        }
        return t;
    }

    @Test
    void dumpsInEnvoysOrderWithTypedResources() throws Exception {
        JSONObject d = dump("");
        assertEquals(List.of("BootstrapConfigDump", "ClustersConfigDump", "ListenersConfigDump", "ScopedRoutesConfigDump",
                "RoutesConfigDump", "SecretsConfigDump"), types(d));
        JSONArray configs = d.getJSONArray("configs");
        JSONObject bootstrap = configs.getJSONObject(0).getJSONObject("bootstrap");
        assertEquals("node-1", bootstrap.getJSONObject("node").getString("id"));
        assertEquals("proxyctl", bootstrap.getJSONObject("node").getString("user_agent_name"));
        JSONArray clusters = configs.getJSONObject(1).getJSONArray("static_clusters");
        JSONObject c = clusters.getJSONObject(0).getJSONObject("cluster");
        assertEquals("type.googleapis.com/envoy.config.cluster.v3.Cluster", c.getString("@type"));
        assertEquals("web-a", c.getString("name"));
        assertEquals("STATIC", c.getString("type"), "enum names as Envoy prints them");
        assertEquals("ROUND_ROBIN", c.getString("lb_policy"));
        assertEquals("0.250s", c.getString("connect_timeout"), "durations in canonical form");
        assertEquals(32768, c.getInt("per_connection_buffer_limit_bytes"), "uint32 as a number");
        assertTrue(clusters.getJSONObject(0).getString("last_updated").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z"));
        JSONObject listener = configs.getJSONObject(2).getJSONArray("static_listeners").getJSONObject(0).getJSONObject("listener");
        assertEquals("type.googleapis.com/envoy.config.listener.v3.Listener", listener.getString("@type"));
        JSONObject hcm = listener.getJSONArray("filter_chains").getJSONObject(0).getJSONArray("filters").getJSONObject(0)
                .getJSONObject("typed_config");
        assertEquals("ingress_http", hcm.getString("stat_prefix"), "lowerCamelCase keys become snake_case");
        assertEquals("AUTO", hcm.getString("codec_type"));
        assertEquals("300s", hcm.getString("stream_idle_timeout"));
        assertEquals(1, configs.getJSONObject(3).length(), "no scoped routes: only @type");
        JSONObject route = configs.getJSONObject(4).getJSONArray("static_route_configs").getJSONObject(0)
                .getJSONObject("route_config");
        assertEquals("type.googleapis.com/envoy.config.route.v3.RouteConfiguration", route.getString("@type"));
        assertEquals("local_route", route.getString("name"));
        assertEquals("1.500s", route.getJSONArray("virtual_hosts").getJSONObject(0).getJSONArray("routes").getJSONObject(0)
                .getJSONObject("route").getString("timeout"));
    }

    @Test
    void secretsAndPrivateKeysAreRedacted() throws Exception {
        String raw = admin.get("/config_dump").body();
        assertFalse(raw.contains("hunter2"));
        assertFalse(raw.contains("s3cret"));
        assertFalse(raw.contains("BEGIN PRIVATE KEY"));
        assertFalse(raw.contains("/etc/secret/key.pem"));
        JSONObject secrets = dump("").getJSONArray("configs").getJSONObject(5);
        JSONArray s = secrets.getJSONArray("static_secrets");
        assertEquals("api-key", s.getJSONObject(0).getString("name"));
        JSONObject secret = s.getJSONObject(0).getJSONObject("secret");
        assertEquals("type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret", secret.getString("@type"));
        assertEquals("[redacted]", secret.getJSONObject("generic_secret").getJSONObject("secret").getString("inline_string"));
        JSONObject tls = s.getJSONObject(1).getJSONObject("secret").getJSONObject("tls_certificate");
        assertEquals("[redacted]", tls.getJSONObject("private_key").getString("filename"));
        assertEquals("[redacted]", tls.getJSONObject("password").getString("inline_string"));
        assertEquals(cert.certificate().toString(), tls.getJSONObject("certificate_chain").getString("filename"),
                "certificates are not secret");
        JSONObject upstreamTls = dump("?resource=static_clusters&name_regex=web-tls").getJSONArray("configs")
                .getJSONObject(0).getJSONObject("cluster").getJSONObject("transport_socket").getJSONObject("typed_config");
        assertEquals("[redacted]", upstreamTls.getJSONObject("common_tls_context").getJSONArray("tls_certificates")
                .getJSONObject(0).getJSONObject("private_key").getString("inline_string"));
    }

    @Test
    void resourceListsTypedElements() throws Exception {
        JSONArray configs = dump("?resource=static_clusters").getJSONArray("configs");
        assertEquals(2, configs.length());
        assertEquals(ADMIN + "ClustersConfigDump.StaticCluster", configs.getJSONObject(0).getString("@type"));
        JSONObject masked = dump("?resource=static_clusters&mask=cluster.name").getJSONArray("configs").getJSONObject(1);
        assertEquals(Map.of("@type", ADMIN + "ClustersConfigDump.StaticCluster", "cluster",
                Map.of("@type", "type.googleapis.com/envoy.config.cluster.v3.Cluster", "name", "web-tls")), masked.toMap());
        JSONObject two = dump("?resource=static_listeners&mask=listener.name,last_updated").getJSONArray("configs")
                .getJSONObject(0);
        assertEquals("ingress", two.getJSONObject("listener").getString("name"));
        assertTrue(two.has("last_updated"));
        assertEquals(1, dump("?resource=static_clusters&name_regex=web-a").getJSONArray("configs").length());
        assertEquals(0, dump("?resource=dynamic_active_clusters").length(), "an empty result prints as {}");
    }

    @Test
    void maskKeepsTheDumpsItFits() throws Exception {
        JSONObject d = dump("?mask=static_clusters");
        assertEquals(List.of("ClustersConfigDump"), types(d));
        assertEquals(2, d.getJSONArray("configs").getJSONObject(0).getJSONArray("static_clusters").length());
        JSONObject node = dump("?mask=bootstrap.node");
        assertEquals(List.of("BootstrapConfigDump"), types(node));
        JSONObject b = node.getJSONArray("configs").getJSONObject(0).getJSONObject("bootstrap");
        assertEquals(List.of("node"), new ArrayList<>(b.keySet()));
        RawHttp.Response both = admin.get("/config_dump?mask=static_listeners,static_route_configs");
        assertEquals(400, both.status(), "a mask must fit a dump with every path; this one fits none");
    }

    @Test
    void queryErrorsAreEnvoys() throws Exception {
        RawHttp.Response notRepeated = admin.get("/config_dump?resource=version_info");
        assertEquals(400, notRepeated.status());
        assertEquals("version_info is not a repeated field. Use ?mask=version_info to get only this field",
                notRepeated.body());
        RawHttp.Response unknown = admin.get("/config_dump?resource=nope");
        assertEquals(404, unknown.status());
        assertEquals("nope not found in config dump", unknown.body());
        RawHttp.Response mask = admin.get("/config_dump?mask=nope");
        assertEquals(400, mask.status());
        assertEquals("FieldMask nope could not be successfully applied to any configs.", mask.body());
        RawHttp.Response badInner = admin.get("/config_dump?resource=static_clusters&mask=cluster.nope");
        assertEquals(400, badInner.status());
        assertEquals("FieldMask paths: \"cluster.nope\"\n could not be successfully used.", badInner.body());
        RawHttp.Response regex = admin.get("/config_dump?name_regex=(");
        assertEquals(400, regex.status());
        assertTrue(regex.body().startsWith("INVALID_ARGUMENT: Error while parsing name_regex from (: "), regex.body());
    }

    @Test
    void includeEdsDumpsLiveEndpoints() throws Exception {
        JSONObject d = dump("?include_eds&name_regex=web-a");
        assertEquals(List.of("BootstrapConfigDump", "ClustersConfigDump", "EndpointsConfigDump", "ListenersConfigDump",
                "ScopedRoutesConfigDump", "RoutesConfigDump", "SecretsConfigDump"), types(d));
        JSONObject cla = d.getJSONArray("configs").getJSONObject(2).getJSONArray("static_endpoint_configs")
                .getJSONObject(0).getJSONObject("endpoint_config");
        assertEquals("type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment", cla.getString("@type"));
        assertEquals("web-a", cla.getString("cluster_name"));
        JSONObject ep = cla.getJSONArray("endpoints").getJSONObject(0).getJSONArray("lb_endpoints").getJSONObject(0);
        assertEquals(up.port(), ep.getJSONObject("endpoint").getJSONObject("address").getJSONObject("socket_address")
                .getInt("port_value"));
        assertEquals("HEALTHY", ep.getString("health_status"));
        assertEquals(140, cla.getJSONObject("policy").getInt("overprovisioning_factor"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void v2FileIsServedAndDumpedAsV3() throws Exception {
        String v2 = """
                admin:
                  access_log_path: /dev/null
                  address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                static_resources:
                  listeners:
                  - name: listener_0
                    address: { socket_address: { protocol: TCP, address: 127.0.0.1, port_value: 0 } }
                    filter_chains:
                    - filters:
                      - name: envoy.http_connection_manager
                        config:
                          stat_prefix: ingress_http
                          route_config:
                            name: local_route
                            virtual_hosts:
                            - name: local_service
                              domains: ["*"]
                              routes:
                              - match: { prefix: "/" }
                                route: { host_rewrite: www.example.com, cluster: service }
                          http_filters:
                          - name: envoy.router
                  clusters:
                  - name: service
                    connect_timeout: 0.25s
                    type: STATIC
                    lb_policy: ROUND_ROBIN
                    hosts: [{ socket_address: { address: 127.0.0.1, port_value: %d } }]
                """.formatted(up.port());
        ValidationReport report = new ConfigValidator().validate(YamlLoader.loadText("v2.yaml", v2));
        assertEquals("v2", report.apiVersion());
        assertTrue(report.valid(), report.diagnostics().toString());
        Map<String, Object> v3 = (Map<String, Object>) report.v3().root();
        ServerOptions o = ServerOptions.defaults().withConcurrency(1).withLog(l -> { }).withConfig(v3, "v2.yaml");
        ProxyServer server = ProxyServer.start(BootstrapBinder.bind(v3), o);
        try {
            try (RawHttp c = RawHttp.connect(server.boundPort("listener_0"))) {
                assertEquals(200, c.get("/").status());
            }
            assertEquals("www.example.com", up.take().header("host"), "host_rewrite became host_rewrite_literal");
            AdminHttp a = new AdminHttp(server.adminAddress().getPort());
            String raw = a.get("/config_dump").body();
            assertFalse(raw.contains(".v2."), "no v2 type anywhere: " + raw);
            assertFalse(raw.contains("\"config\""), raw);
            assertFalse(raw.contains("\"hosts\""), raw);
            JSONObject d = new JSONObject(raw);
            JSONObject listener = d.getJSONArray("configs").getJSONObject(2).getJSONArray("static_listeners").getJSONObject(0)
                    .getJSONObject("listener");
            JSONObject filter = listener.getJSONArray("filter_chains").getJSONObject(0).getJSONArray("filters").getJSONObject(0);
            assertEquals("envoy.filters.network.http_connection_manager", filter.getString("name"));
            assertEquals("type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
                    filter.getJSONObject("typed_config").getString("@type"));
            JSONObject route = d.getJSONArray("configs").getJSONObject(4).getJSONArray("static_route_configs").getJSONObject(0)
                    .getJSONObject("route_config").getJSONArray("virtual_hosts").getJSONObject(0).getJSONArray("routes")
                    .getJSONObject(0).getJSONObject("route");
            assertEquals("www.example.com", route.getString("host_rewrite_literal"));
            JSONObject cluster = d.getJSONArray("configs").getJSONObject(1).getJSONArray("static_clusters").getJSONObject(0)
                    .getJSONObject("cluster");
            assertEquals(up.port(), cluster.getJSONObject("load_assignment").getJSONArray("endpoints").getJSONObject(0)
                    .getJSONArray("lb_endpoints").getJSONObject(0).getJSONObject("endpoint").getJSONObject("address")
                    .getJSONObject("socket_address").getInt("port_value"));
        } finally {
            server.shutdown();
        }
    }
}
