package io.proxyctl.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.proxyctl.config.bind.BootstrapBinder;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.ValidationReport;
import io.proxyctl.server.ProxyServer;
import io.proxyctl.server.ServerOptions;
import io.proxyctl.cli.ProxyctlCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code proxyctl admin} subcommand and output format against proxyctl's own runtime (a {@link ProxyServer}
 * started in-process with an in-test upstream and real traffic), where {@code RecordedEnvoyAdmin} tests replay a
 * real Envoy's replies.
 */
class AgainstRuntimeTest {
    private static HttpServer upstream;
    private static ProxyServer server;
    private static String admin;
    private static int ingress;

    static String config(int upstreamPort) {
        return """
                node: { id: test-node, cluster: test-cluster }
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
                          drain_timeout: 0.2s
                          route_config:
                            name: local_route
                            virtual_hosts:
                            - name: backend
                              domains: ["*"]
                              routes:
                              - match: { prefix: "/service" }
                                route: { cluster: service }
                              - match: { path: "/health" }
                                direct_response: { status: 200 }
                          http_filters:
                          - name: envoy.filters.http.router
                            typed_config:
                              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
                  clusters:
                  - name: service
                    type: STATIC
                    connect_timeout: 1s
                    load_assignment:
                      cluster_name: service
                      endpoints:
                      - lb_endpoints:
                        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                """.formatted(upstreamPort);
    }

    /** Validates and serves a config the way {@code proxyctl run} does: the validated v3 tree goes to the server. */
    @SuppressWarnings("unchecked")
    static ProxyServer serve(String yaml) {
        ValidationReport report = new ConfigValidator().validate(YamlLoader.loadText("envoy.yaml", yaml));
        assertTrue(report.valid(), report.diagnostics()::toString);
        Map<String, Object> v3 = (Map<String, Object>) report.v3().root();
        return ProxyServer.start(BootstrapBinder.bind(v3), ServerOptions.defaults().withConcurrency(1).withLog(l -> { })
                .withConfig(v3, "envoy.yaml"));
    }

    static String address(ProxyServer s) {
        return "127.0.0.1:" + s.adminAddress().getPort();
    }

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ex -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestURI().getPath().endsWith("/fail") ? 503 : 200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        upstream.start();
        server = serve(config(upstream.getAddress().getPort()));
        admin = address(server);
        ingress = server.boundPort("ingress");
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String p : List.of("/service/a", "/service/b", "/service/fail", "/health")) {
            c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress + p)).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        for (int i = 0; i < 200 && server.stats().value("http.ingress_http.downstream_rq_completed") < 4; i++) {
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stop() {
        server.shutdown();
        upstream.stop(0);
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), r::toString);
        return r;
    }

    private static Object json(String text) {
        return JsonParser.parse(text);
    }

    @Test
    void stats() {
        Cli.Result table = ok("admin", "stats", "-a", admin, "--filter", "^cluster\\.service\\.upstream_rq_");
        assertTrue(table.out().startsWith("NAME"), table.out());
        assertTrue(table.out().matches("(?s).*\\ncluster\\.service\\.upstream_rq_200 +2\\n.*"), table.out());
        assertTrue(table.out().matches("(?s).*\\ncluster\\.service\\.upstream_rq_503 +1\\n.*"), table.out());
        Cli.Result json = ok("admin", "stats", "-a", admin, "--filter", "upstream_rq_total", "-o", "json");
        Object stats = Tree.at(json(json.out()), "stats");
        assertEquals(List.of(Map.of("name", "cluster.service.upstream_rq_total", "value", 3L)), stats, json.out());
        Cli.Result yaml = ok("admin", "stats", "-a", admin, "--filter", "upstream_rq_total", "-o", "yaml");
        assertEquals(json(json.out()), Cli.yaml(yaml.out()));
        Cli.Result raw = ok("admin", "stats", "-a", admin, "--filter", "upstream_rq_total", "-o", "raw");
        assertEquals("cluster.service.upstream_rq_total: 3\n", raw.out());
        Cli.Result hist = ok("admin", "stats", "-a", admin, "--type", "histograms", "--filter", "upstream_rq_time");
        assertTrue(hist.out().contains("cluster.service.upstream_rq_time"), hist.out());
        Cli.Result used = ok("admin", "stats", "-a", admin, "--used-only", "--filter", "upstream_rq_retry", "-o", "raw");
        assertEquals("", used.out());
        Cli.Result watch = ok("admin", "stats", "-a", admin, "--watch", "--count", "1", "--interval", "100ms",
                "--filter", "upstream_rq_total");
        assertTrue(watch.out().contains("cluster.service.upstream_rq_total"), watch.out());
    }

    @Test
    void clusters() {
        String host = "127.0.0.1:" + upstream.getAddress().getPort();
        Cli.Result table = ok("admin", "clusters", "-a", admin);
        String[] lines = table.out().split("\n");
        assertTrue(lines[0].startsWith("NAME"), table.out());
        assertTrue(lines[1].matches("service +" + host.replace(".", "\\.") + " +HEALTHY +1 +1 +0 +0 +3 +1 +0"),
                table.out());
        Cli.Result json = ok("admin", "clusters", "-a", admin, "-o", "json");
        assertEquals("service", Tree.at(Tree.list(Tree.at(json(json.out()), "cluster_statuses")).get(0), "name"));
        assertEquals(json(json.out()), Cli.yaml(ok("admin", "clusters", "-a", admin, "-o", "yaml").out()));
        Cli.Result raw = ok("admin", "clusters", "-a", admin, "-o", "raw");
        assertTrue(raw.out().contains("service::" + host + "::rq_total::3\n"), raw.out());
        Cli.Result one = ok("admin", "clusters", "-a", admin, "--cluster", "service");
        assertEquals(table.out(), one.out());
    }

    @Test
    void listenersAndRoutes() {
        Cli.Result table = ok("admin", "listeners", "-a", admin);
        assertTrue(table.out().contains("ingress") && table.out().contains("127.0.0.1:" + ingress), table.out());
        Cli.Result json = ok("admin", "listeners", "-a", admin, "-o", "json");
        assertTrue(json.out().contains("\"ingress\""), json.out());
        assertEquals(json(json.out()), Cli.yaml(ok("admin", "listeners", "-a", admin, "-o", "yaml").out()));
        assertTrue(ok("admin", "listeners", "-a", admin, "-o", "raw").out().contains("ingress"));
        Cli.Result routes = ok("admin", "routes", "-a", admin);
        assertTrue(routes.out().matches("(?s).*local_route +backend +\\* +prefix /service +cluster: service.*"), routes.out());
        assertTrue(routes.out().contains("path /health"), routes.out());
        Cli.Result rjson = ok("admin", "routes", "-a", admin, "-o", "json");
        assertTrue(rjson.out().contains("local_route"), rjson.out());
        assertEquals(json(rjson.out()), Cli.yaml(ok("admin", "routes", "-a", admin, "-o", "yaml").out()));
        assertTrue(ok("admin", "routes", "-a", admin, "-o", "raw").out().contains("local_route"));
    }

    @Test
    void configDump(@TempDir Path dir) throws IOException {
        Cli.Result table = ok("admin", "config-dump", "-a", admin);
        assertTrue(table.out().startsWith("KIND"), table.out());
        assertTrue(table.out().contains("service") && table.out().contains("ingress")
                && table.out().contains("local_route"), table.out());
        Cli.Result json = ok("admin", "config-dump", "-a", admin, "-o", "json");
        assertEquals(json(json.out()), Cli.yaml(ok("admin", "config-dump", "-a", admin, "-o", "yaml").out()));
        Cli.Result raw = ok("admin", "config-dump", "-a", admin, "-o", "raw");
        assertEquals(json(json.out()), json(raw.out()));
        Cli.Result resource = ok("admin", "config-dump", "-a", admin, "--resource", "static_clusters", "--mask",
                "cluster.name", "-o", "json");
        assertEquals(Map.of("configs", List.of(Map.of("@type",
                "type.googleapis.com/envoy.admin.v3.ClustersConfigDump.StaticCluster", "cluster",
                Map.of("@type", "type.googleapis.com/envoy.config.cluster.v3.Cluster", "name", "service")))),
                json(resource.out()));
        Cli.Result eds = ok("admin", "config-dump", "-a", admin, "--include-eds", "--name-regex", "serv.*", "-o", "json");
        assertTrue(eds.out().contains("EndpointsConfigDump"), eds.out());
        Cli.Result missing = Cli.run("admin", "config-dump", "-a", admin, "--resource", "nope");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope not found in config dump"), missing.err());
        Path saved = dir.resolve("dump.json");
        Files.writeString(saved, raw.out());
        Cli.Result offline = ok("admin", "config-dump", "--file", saved.toString(), "--resource", "static_listeners",
                "--mask", "listener.name", "-o", "json");
        assertTrue(offline.out().contains("\"ingress\""), offline.out());
        assertEquals(ok("admin", "routes", "-a", admin).out(), ok("admin", "routes", "--file", saved.toString()).out());
    }

    @Test
    void serverInfoAndReady() {
        Cli.Result table = ok("admin", "server-info", "-a", admin);
        assertTrue(table.out().contains("state") && table.out().contains("LIVE"), table.out());
        assertTrue(table.out().matches("(?s).*node id +test-node\\n.*"), table.out());
        assertTrue(table.out().matches("(?s).*config path +envoy\\.yaml\\n.*"), table.out());
        Cli.Result json = ok("admin", "server-info", "-a", admin, "-o", "json");
        assertEquals("LIVE", Tree.at(json(json.out()), "state"));
        assertTrue(ok("admin", "server-info", "-a", admin, "-o", "yaml").out().contains("state: LIVE"));
        assertTrue(ok("admin", "server-info", "-a", admin, "-o", "raw").out().contains("\"state\": \"LIVE\""));
        assertEquals("LIVE\n", ok("admin", "ready", "-a", admin).out());
        assertEquals(Map.of("ready", true, "state", "LIVE"), json(ok("admin", "ready", "-a", admin, "-o", "json").out()));
        assertEquals("ready: true\nstate: LIVE\n", ok("admin", "ready", "-a", admin, "-o", "yaml").out());
        assertEquals("LIVE\n", ok("admin", "ready", "-a", admin, "-o", "raw").out());
    }

    @Test
    void controlCommandsAgainstTheirOwnServer() throws Exception {
        ProxyServer own = serve(config(upstream.getAddress().getPort()));
        String a = address(own);
        try {
            assertEquals("OK: health checks now fail (the proxy is DRAINING)\n",
                    ok("admin", "healthcheck", "fail", "-a", a).out());
            Cli.Result draining = Cli.run("admin", "ready", "-a", a);
            assertEquals(1, draining.code(), draining::toString);
            assertEquals("DRAINING\n", draining.out());
            assertEquals(Map.of("request", "POST /healthcheck/ok", "status", 200L, "reply", "OK"),
                    json(ok("admin", "healthcheck", "ok", "-a", a, "-o", "json").out()));
            assertEquals("LIVE\n", ok("admin", "ready", "-a", a).out());
            assertEquals("request: POST /reset_counters\nstatus: 200\nreply: OK\n",
                    ok("admin", "reset-counters", "-a", a, "-o", "yaml").out());
            assertEquals("OK\n", ok("admin", "reset-counters", "-a", a, "-o", "raw").out());
            assertEquals("OK: counters reset\n", ok("admin", "reset-counters", "-a", a).out());

            Cli.Result loggers = ok("admin", "logging", "-a", a);
            assertEquals("LOGGER   LEVEL\nadmin    info\nconfig   info\nmain     info\n", loggers.out());
            assertEquals(Map.of("active_loggers", Map.of("admin", "debug", "config", "debug", "main", "debug")),
                    json(ok("admin", "logging", "-a", a, "--level", "debug", "-o", "json").out()));
            assertTrue(ok("admin", "logging", "-a", a, "admin=warning", "-o", "yaml").out().contains("admin: warning"));
            assertTrue(ok("admin", "logging", "-a", a, "-o", "raw").out().startsWith("active loggers:\n"));
            Cli.Result badLogger = Cli.run("admin", "logging", "-a", a, "nope=info");
            assertEquals(1, badLogger.code(), badLogger::toString);

            assertEquals("OK: draining listeners gracefully\n",
                    ok("admin", "drain", "-a", a, "--graceful", "--skip-exit").out());
            for (int i = 0; i < 300 && own.stats().value("listener_manager.listener_stopped") < 1; i++) {
                Thread.sleep(10);
            }
            assertEquals(1, own.stats().value("listener_manager.listener_stopped"));
            assertEquals(ProxyServer.State.LIVE, own.state());
            assertEquals("OK: the proxy is shutting down\n", ok("admin", "quit", "-a", a).out());
            assertTrue(own.awaitTermination(Duration.ofSeconds(10)));
        } finally {
            own.shutdown();
        }
    }

    @Test
    void drainAndQuitInEveryFormat() throws Exception {
        for (String format : List.of("json", "yaml", "raw")) {
            ProxyServer own = serve(config(upstream.getAddress().getPort()));
            String a = address(own);
            try {
                Cli.Result drain = ok("admin", "drain", "-a", a, "-o", format);
                assertTrue(drain.out().contains("OK"), drain.out());
                Cli.Result quit = ok("admin", "quit", "-a", a, "-o", format);
                assertTrue(quit.out().contains("OK"), quit.out());
                assertTrue(own.awaitTermination(Duration.ofSeconds(10)));
            } finally {
                own.shutdown();
            }
        }
    }

    @Test
    void runServesAV2FileAndTheAdminShowsItAsV3(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("envoy-v2.yaml");
        Files.writeString(file, """
                admin:
                  access_log_path: /dev/null
                  address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                static_resources:
                  listeners:
                  - name: listener_0
                    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
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
                """.formatted(upstream.getAddress().getPort()));
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = ProxyctlCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> cl.execute("run", "-c", file.toString(), "--concurrency", "1"));
        Pattern listening = Pattern.compile("admin listening on (127\\.0\\.0\\.1:\\d+)");
        String a = null;
        for (int i = 0; i < 500 && a == null; i++) {
            Matcher m = listening.matcher(err.toString());
            if (m.find()) {
                a = m.group(1);
            } else {
                Thread.sleep(10);
            }
        }
        assertTrue(a != null, err::toString);
        Cli.Result dump = ok("admin", "config-dump", "-a", a, "--resource", "static_listeners", "-o", "json");
        assertTrue(dump.out().contains(
                "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager"),
                dump.out());
        assertTrue(dump.out().contains("\"host_rewrite_literal\": \"www.example.com\""), dump.out());
        assertTrue(!dump.out().contains(".v2."), dump.out());
        assertEquals(file.toString(), Tree.at(Tree.at(json(ok("admin", "server-info", "-a", a, "-o", "json").out()),
                "command_line_options"), "config_path"));
        assertEquals("OK: the proxy is shutting down\n", ok("admin", "quit", "-a", a).out());
        assertEquals(0, run.get(20, TimeUnit.SECONDS), err::toString);
    }
}
