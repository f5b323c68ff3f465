package io.proxyctl.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.util.List;
import java.util.regex.Pattern;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin endpoints' exact formats and Envoy's dispatch rules (404 with help, 405 for mutations, 400s). */
@ExtendWith(LeakCheckExtension.class)
class AdminEndpointsTest {
    static final String HELP = """
            admin commands are:
              /: Admin home page
              /certs: print certs on machine
              /clusters: upstream cluster status
                  format: File format to use; One of (text, json)
              /config_dump: dump current Envoy configs (experimental)
                  resource: The resource to dump
                  mask: The mask to apply. When both resource and mask are specified, the mask is applied to every \
            element in the desired repeated field so that only a subset of fields are returned. The mask is parsed as a \
            ProtobufWkt::FieldMask
                  name_regex: Dump only the currently loaded configurations whose names match the specified regex. \
            Can be used with both resource and mask query parameters.
                  include_eds: Dump currently loaded configuration including EDS. See the response definition for more \
            information
              /drain_listeners (POST): drain listeners
                  graceful: When draining listeners, enter a graceful drain period prior to closing listeners. The \
            drain period is the longest drain_timeout of the listeners' connection managers
                  skip_exit: When draining listeners, do not exit after the drain period. This must be used with graceful
                  inboundonly: Drains all inbound listeners. traffic_direction field in \
            envoy_v3_api_msg_config.listener.v3.Listener is used to determine whether a listener is inbound or outbound.
              /healthcheck/fail (POST): cause the server to fail health checks
              /healthcheck/ok (POST): cause the server to pass health checks
              /help: print out list of admin commands
              /init_dump: dump current Envoy init manager information (experimental)
              /listeners: print listener info
                  format: File format to use; One of (text, json)
              /logging (POST): query/change logging levels
                  paths: Change multiple logging levels by setting to \
            <logger_name1>:<desired_level1>,<logger_name2>:<desired_level2>.
                  level: desired logging level, this will change all loggers's level; One of (, trace, debug, info, \
            warning, error, critical, off)
              /memory: print current allocation/heap usage
              /quitquitquit (POST): exit the server
              /ready: print server state, return 200 if LIVE, otherwise return 503
              /reload (POST): reload the config file (proxyctl extension): validate it, then apply it or keep the \
            running config
              /reset_counters (POST): reset all counters to zero
              /runtime: print runtime values
              /server_info: print server version/status information
              /stats: print server stats
                  usedonly: Only include stats that have been written by system since restart
                  filter: Regular expression (Google re2) for filtering stats
                  format: Format to use; One of (text, json, prometheus)
                  type: Stat types to include.; One of (All, Counters, Histograms, Gauges, TextReadouts)
                  histogram_buckets: Histogram bucket display mode; One of (cumulative, disjoint, none)
              /stats/prometheus: print server stats in prometheus format
                  usedonly: Only include stats that have been written by system since restart
                  text_readouts: Render text_readouts as new gauges with value 1 (increases Prometheus data size)
                  filter: Regular expression (Google re2) for filtering stats
                  histogram_buckets: Histogram bucket display mode; One of (cumulative, summary)
            """;
    static final List<String> POST_ONLY = List.of("/drain_listeners", "/healthcheck/fail", "/healthcheck/ok", "/logging",
            "/quitquitquit", "/reload", "/reset_counters");

    private static TestUpstream up;
    private static ProxyFixture px;
    private static AdminHttp admin;

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.start("up");
        px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"), Configs.staticCluster("web", up.port())));
        admin = new AdminHttp(px.server.adminAddress().getPort());
        try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
            assertEquals(200, c.get("/").status());
        }
        AdminHttp.await(px.server.stats(), "http.ingress_http.downstream_rq_completed", 1);
    }

    @AfterAll
    static void stop() {
        px.close();
        up.close();
    }

    @Test
    void helpListsEveryEndpointWithItsParameters() throws Exception {
        RawHttp.Response r = admin.get("/help");
        assertEquals(200, r.status());
        assertEquals("text/plain; charset=UTF-8", r.header("content-type"));
        assertEquals(HELP, r.body());
    }

    @Test
    void unknownPathIs404WithTheHelp() throws Exception {
        RawHttp.Response r = admin.get("/no/such/thing?x=1");
        assertEquals(404, r.status());
        assertEquals("invalid path. " + HELP, r.body());
    }

    @Test
    void mutationsRequirePost() throws Exception {
        for (String p : POST_ONLY) {
            RawHttp.Response r = admin.get(p);
            assertEquals(405, r.status(), p);
            assertEquals("Method GET not allowed, POST required.", r.body(), p);
        }
        assertTrue(px.log.contains("error: admin path \"/quitquitquit\" mutates state, method=GET rather than POST"),
                px.log.toString());
    }

    @Test
    void readyIsLive() throws Exception {
        RawHttp.Response r = admin.get("/ready");
        assertEquals(200, r.status());
        assertEquals("LIVE\n", r.body());
        assertEquals("no-cache, max-age=0", r.header("cache-control"));
        assertEquals("nosniff", r.header("x-content-type-options"));
    }

    @Test
    void clustersTextIsEnvoysExactFormat() throws Exception {
        String h = "web::127.0.0.1:" + up.port() + "::";
        String expected = "web::observability_name::web\n"
                + "web::default_priority::max_connections::1024\n"
                + "web::default_priority::max_pending_requests::1024\n"
                + "web::default_priority::max_requests::1024\n"
                + "web::default_priority::max_retries::3\n"
                + "web::high_priority::max_connections::1024\n"
                + "web::high_priority::max_pending_requests::1024\n"
                + "web::high_priority::max_requests::1024\n"
                + "web::high_priority::max_retries::3\n"
                + "web::added_via_api::false\n"
                + h + "cx_active::1\n" + h + "cx_connect_fail::0\n" + h + "cx_total::1\n" + h + "rq_active::0\n"
                + h + "rq_error::0\n" + h + "rq_success::1\n" + h + "rq_timeout::0\n" + h + "rq_total::1\n"
                + h + "hostname::\n" + h + "health_flags::healthy\n" + h + "weight::1\n" + h + "region::\n"
                + h + "zone::\n" + h + "sub_zone::\n" + h + "canary::false\n" + h + "priority::0\n"
                + h + "success_rate::-1\n" + h + "local_origin_success_rate::-1\n";
        RawHttp.Response r = admin.get("/clusters");
        assertEquals(200, r.status());
        assertEquals(expected, r.body());
    }

    @Test
    void clustersJsonIsEnvoysClustersMessage() throws Exception {
        RawHttp.Response r = admin.get("/clusters?format=json");
        assertEquals("application/json", r.header("content-type"));
        JSONObject c = new JSONObject(r.body()).getJSONArray("cluster_statuses").getJSONObject(0);
        assertEquals("web", c.getString("name"));
        assertEquals("web", c.getString("observability_name"));
        assertFalse(c.has("added_via_api"), "false is the proto3 default and is left out");
        JSONArray thresholds = c.getJSONObject("circuit_breakers").getJSONArray("thresholds");
        assertFalse(thresholds.getJSONObject(0).has("priority"));
        assertEquals("HIGH", thresholds.getJSONObject(1).getString("priority"));
        assertEquals(1024, thresholds.getJSONObject(1).getInt("max_requests"));
        JSONObject host = c.getJSONArray("host_statuses").getJSONObject(0);
        assertEquals(up.port(), host.getJSONObject("address").getJSONObject("socket_address").getInt("port_value"));
        assertEquals("HEALTHY", host.getJSONObject("health_status").getString("eds_health_status"));
        JSONArray stats = host.getJSONArray("stats");
        assertEquals("cx_connect_fail", stats.getJSONObject(0).getString("name"));
        assertFalse(stats.getJSONObject(0).has("value"), "zero values are left out");
        assertEquals("1", stats.getJSONObject(3).getString("value"), "rq_success, a uint64 as a string");
        assertEquals("GAUGE", stats.getJSONObject(6).getString("type"));
        assertEquals("cx_active", stats.getJSONObject(6).getString("name"));
    }

    @Test
    void listenersTextAndJson() throws Exception {
        int port = px.port("ingress");
        assertEquals("ingress::127.0.0.1:" + port + "\n", admin.get("/listeners").body());
        JSONObject l = new JSONObject(admin.get("/listeners?format=json").body()).getJSONArray("listener_statuses")
                .getJSONObject(0);
        assertEquals("ingress", l.getString("name"));
        JSONObject sa = l.getJSONObject("local_address").getJSONObject("socket_address");
        assertEquals("127.0.0.1", sa.getString("address"));
        assertEquals(port, sa.getInt("port_value"));
    }

    @Test
    void statsTextFormatAndOrder() throws Exception {
        RawHttp.Response r = admin.get("/stats");
        assertEquals("text/plain; charset=UTF-8", r.header("content-type"));
        Pattern scalar = Pattern.compile("[a-z0-9_.]+: \\d+");
        Pattern histogram = Pattern.compile("[a-z0-9_.]+: (No recorded values|P0\\([^,]+,[^)]+\\)( P[0-9.]+\\([^,]+,[^)]+\\)){9})");
        String[] lines = r.body().split("\n");
        boolean inHistograms = false;
        String previous = "";
        for (String line : lines) {
            if (histogram.matcher(line).matches() && !scalar.matcher(line).matches()) {
                if (!inHistograms) {
                    previous = "";
                }
                inHistograms = true;
            } else {
                assertFalse(inHistograms, "counters and gauges come before histograms: " + line);
                assertTrue(scalar.matcher(line).matches(), line);
            }
            String name = line.substring(0, line.indexOf(": "));
            assertTrue(name.compareTo(previous) > 0, name + " sorted after " + previous);
            previous = name;
        }
        assertTrue(inHistograms);
        assertTrue(r.body().contains("\ncluster.web.upstream_rq_200: 1\n"));
        assertTrue(r.body().contains("\nserver.live: 1\n"));
        assertTrue(r.body().contains("\ncluster.web.upstream_cx_length_ms: No recorded values\n"));
    }

    @Test
    void statsFilterUsedOnlyAndType() throws Exception {
        String filtered = admin.get("/stats?filter=upstream_rq_2").body();
        assertEquals("cluster.web.upstream_rq_200: 1\ncluster.web.upstream_rq_2xx: 1\n", filtered);
        String all = admin.get("/stats?filter=%5Ecluster%5C.web%5C.upstream_rq_retry$").body();
        assertEquals("cluster.web.upstream_rq_retry: 0\n", all);
        assertEquals("", admin.get("/stats?usedonly&filter=%5Ecluster%5C.web%5C.upstream_rq_retry$").body(),
                "never written");
        String gauges = admin.get("/stats?type=Gauges&filter=%5Eserver%5C.").body();
        assertTrue(gauges.contains("server.live: 1\n") && gauges.contains("server.concurrency: 2\n"), gauges);
        assertFalse(gauges.contains("P0("), gauges);
        String counters = admin.get("/stats?type=Counters&filter=%5Ecluster%5C.web%5C.upstream_rq_").body();
        assertTrue(counters.contains("upstream_rq_total: 1\n") && !counters.contains("upstream_rq_active"), counters);
        String histograms = admin.get("/stats?type=Histograms&filter=upstream_rq_time").body();
        assertTrue(histograms.startsWith("cluster.web.upstream_rq_time: P0("), histograms);
        assertEquals(1, histograms.split("\n").length);
        String buckets = admin.get("/stats?filter=cluster.web.upstream_rq_time%24&histogram_buckets=cumulative").body();
        assertTrue(buckets.matches("cluster\\.web\\.upstream_rq_time: B0\\.5\\(0,\\d\\) B1\\(0,\\d\\) B5\\(0,\\d\\) .*"
                + " B1\\.8e\\+06\\(0,1\\) B3\\.6e\\+06\\(0,1\\)\n"), buckets);
    }

    @Test
    void statsJson() throws Exception {
        RawHttp.Response r = admin.get("/stats?format=json&filter=cluster.web.upstream_rq_(2|time)");
        assertEquals("application/json", r.header("content-type"));
        JSONArray stats = new JSONObject(r.body()).getJSONArray("stats");
        assertEquals("cluster.web.upstream_rq_200", stats.getJSONObject(0).getString("name"));
        assertEquals(1, stats.getJSONObject(0).getLong("value"));
        JSONObject h = stats.getJSONObject(stats.length() - 1).getJSONObject("histograms");
        assertEquals("[0,25,50,75,90,95,99,99.5,99.9,100]", h.getJSONArray("supported_quantiles").toString());
        JSONObject q = h.getJSONArray("computed_quantiles").getJSONObject(0);
        assertEquals("cluster.web.upstream_rq_time", q.getString("name"));
        assertEquals(10, q.getJSONArray("values").length());
        JSONObject p0 = q.getJSONArray("values").getJSONObject(0);
        assertTrue(p0.get("cumulative") instanceof Number, p0.toString());
        assertTrue(p0.isNull("interval"), "no closed interval yet: " + p0);
    }

    @Test
    void statsParameterErrors() throws Exception {
        RawHttp.Response bad = admin.get("/stats?filter=(");
        assertEquals(400, bad.status());
        assertEquals("Invalid re2 regex", bad.body());
        assertEquals("invalid &type= param", admin.get("/stats?type=Bogus").body());
        assertEquals("usage: /stats?format=(json|prometheus|text)\n\n", admin.get("/stats?format=xml").body());
        assertEquals(400, admin.get("/stats?histogram_buckets=weird").status());
    }

    @Test
    void serverInfo() throws Exception {
        RawHttp.Response r = admin.get("/server_info");
        assertEquals("application/json", r.header("content-type"));
        JSONObject info = new JSONObject(r.body());
        assertEquals("LIVE", info.getString("state"));
        assertTrue(info.getString("version").startsWith("proxyctl/"), info.getString("version"));
        assertEquals(2, info.getJSONObject("command_line_options").getInt("concurrency"));
        assertEquals("test.yaml", info.getJSONObject("command_line_options").getString("config_path"));
        assertEquals("Serve", info.getJSONObject("command_line_options").getString("mode"));
        assertEquals("proxyctl", info.getJSONObject("node").getString("user_agent_name"));
        assertTrue(info.getString("uptime_current_epoch").matches("\\d+s"));
    }

    @Test
    void memoryRuntimeAndHome() throws Exception {
        JSONObject m = new JSONObject(admin.get("/memory").body());
        assertTrue(Long.parseLong(m.getString("allocated")) > 0);
        assertTrue(Long.parseLong(m.getString("heap_size")) >= Long.parseLong(m.getString("allocated")));
        assertTrue(m.has("total_physical_bytes"));
        JSONObject rt = new JSONObject(admin.get("/runtime").body());
        assertEquals(0, rt.getJSONArray("layers").length());
        RawHttp.Response home = admin.get("/");
        assertEquals("text/html; charset=UTF-8", home.header("content-type"));
        assertTrue(home.body().startsWith("<!DOCTYPE html>"));
        assertTrue(home.body().contains("<a href='/stats'>/stats</a>"), home.body());
        assertTrue(home.body().contains("<form action='/quitquitquit' method='post'>"), home.body());
    }

    @Test
    void loggingListsAndChangesLevels() throws Exception {
        assertEquals("active loggers:\n  admin: info\n  config: info\n  main: info\n\n", admin.post("/logging").body());
        RawHttp.Response bad = admin.post("/logging?nope=debug");
        assertEquals(400, bad.status());
        assertTrue(bad.body().startsWith("error: unknown logger name\n\nusage: /logging?<name>=<level>"), bad.body());
        assertEquals(400, admin.post("/logging?level=loud").status());
        try {
            assertEquals("active loggers:\n  admin: debug\n  config: info\n  main: info\n\n",
                    admin.post("/logging?admin=debug").body());
            assertEquals("active loggers:\n  admin: warning\n  config: error\n  main: info\n\n",
                    admin.post("/logging?paths=admin:warning,config:error").body());
            admin.post("/logging?admin=critical");
            int before = px.log.size();
            assertEquals(405, admin.get("/reset_counters").status());
            assertEquals(before, px.log.size(), "the admin logger is at critical: the 405 is not logged");
        } finally {
            admin.post("/logging?level=info");
        }
    }

    @Test
    void resetCountersZeroesCountersOnly() throws Exception {
        try (ProxyFixture own = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                Configs.staticCluster("web", up.port())))) {
            AdminHttp a = new AdminHttp(own.server.adminAddress().getPort());
            try (RawHttp c = RawHttp.connect(own.port("ingress"))) {
                assertEquals(200, c.get("/").status());
                AdminHttp.await(own.server.stats(), "cluster.web.upstream_rq_total", 1);
                RawHttp.Response r = a.post("/reset_counters");
                assertEquals("OK\n", r.body());
                assertEquals(0, own.stat("cluster.web.upstream_rq_total"));
                assertEquals(1, own.stat("cluster.web.upstream_cx_active"), "gauges keep their value");
                assertEquals("cluster.web.upstream_rq_total: 0\n",
                        a.get("/stats?usedonly&filter=upstream_rq_total").body(), "reset counters stay used");
            }
        }
    }

    @Test
    void healthcheckFailMakesTheServerDrainingAndClosesConnections() throws Exception {
        try (ProxyFixture own = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                Configs.staticCluster("web", up.port())))) {
            AdminHttp a = new AdminHttp(own.server.adminAddress().getPort());
            try (RawHttp c = RawHttp.connect(own.port("ingress"))) {
                assertNull(c.get("/").header("connection"));
                assertEquals("OK\n", a.post("/healthcheck/fail").body());
                RawHttp.Response ready = a.get("/ready");
                assertEquals(503, ready.status());
                assertEquals("DRAINING\n", ready.body());
                assertEquals(0, own.stat("server.live"));
                assertEquals(1, own.stat("server.state"));
                assertEquals("DRAINING", new JSONObject(a.get("/server_info").body()).getString("state"));
                RawHttp.Response r = c.get("/");
                assertEquals(200, r.status());
                assertEquals("close", r.header("connection"), "a failing server closes connections after responses");
                assertTrue(c.closedByPeer(2000));
            }
            assertEquals("OK\n", a.post("/healthcheck/ok").body());
            assertEquals("LIVE\n", a.get("/ready").body());
            assertEquals(1, own.stat("server.live"));
            try (RawHttp c = RawHttp.connect(own.port("ingress"))) {
                assertNull(c.get("/").header("connection"));
            }
        }
    }
}
