package io.proxyctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.proxyctl.cli.ProxyctlCommand;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proxyctl run} with dynamic_resources: serves the watched LDS/CDS files and reports them in the admin. */
class RunDynamicTest {
    @Test
    void runServesWatchedXdsFiles(@TempDir Path dir) throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ex -> {
            byte[] body = "from-upstream".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        upstream.start();
        try {
            Path cds = dir.resolve("cds.yaml");
            Path lds = dir.resolve("lds.yaml");
            Files.writeString(cds, """
                    version_info: "7"
                    resources:
                    - "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster
                      name: backend
                      load_assignment: {cluster_name: backend, endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}}]}]}
                    """.formatted(upstream.getAddress().getPort()));
            Files.writeString(lds, """
                    version_info: "7"
                    resources:
                    - "@type": type.googleapis.com/envoy.config.listener.v3.Listener
                      name: web
                      address: {socket_address: {address: 127.0.0.1, port_value: 0}}
                      filter_chains:
                      - filters:
                        - name: envoy.filters.network.http_connection_manager
                          typed_config:
                            "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                            stat_prefix: web
                            route_config: {virtual_hosts: [{name: all, domains: ["*"], routes: [{match: {prefix: /}, route: {cluster: backend}}]}]}
                            http_filters: [{name: envoy.filters.http.router, typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}}]
                    """);
            Path bootstrap = dir.resolve("envoy.yaml");
            Files.writeString(bootstrap, """
                    admin: {address: {socket_address: {address: 127.0.0.1, port_value: 0}}}
                    dynamic_resources:
                      cds_config: {path_config_source: {path: %s}}
                      lds_config: {path_config_source: {path: %s}}
                    """.formatted(cds, lds));
            StringWriter err = new StringWriter();
            picocli.CommandLine cl = ProxyctlCommand.commandLine();
            cl.setOut(new PrintWriter(new StringWriter(), true));
            cl.setErr(new PrintWriter(err, true));
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                    () -> cl.execute("run", "-c", bootstrap.toString(), "--concurrency", "1"));
            String admin = await(err, Pattern.compile("admin listening on (127\\.0\\.0\\.1:\\d+)"));
            String web = await(err, Pattern.compile("listener 'web' listening on (127\\.0\\.0\\.1:\\d+)"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertEquals("from-upstream", http.send(HttpRequest.newBuilder(URI.create("http://" + web + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String clusters = http.send(HttpRequest.newBuilder(URI.create("http://" + admin + "/clusters")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(clusters.contains("backend::added_via_api::true"), clusters);
            http.send(HttpRequest.newBuilder(URI.create("http://" + admin + "/quitquitquit"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(0, run.get(20, TimeUnit.SECONDS), err::toString);
            assertTrue(err.toString().contains("xds: cds: accepted version 7"), err::toString);
        } finally {
            upstream.stop(0);
        }
    }

    private static String await(StringWriter err, Pattern p) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            Matcher m = p.matcher(err.toString());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("not logged: " + p + "\n" + err);
    }
}
