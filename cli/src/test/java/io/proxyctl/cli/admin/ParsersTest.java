package io.proxyctl.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The format readers on their own: Envoy's text and JSON shapes, edge cases, and what is rejected. */
class ParsersTest {
    private static final AdminAddress HERE = new AdminAddress("127.0.0.1", 9901);

    private static AdminReply reply(String body) {
        return new AdminReply(HERE, "GET", "/x", 200, "text/plain", body);
    }

    @Test
    void statsTextLines() {
        assertEquals(new Stat.Scalar("cluster.a.upstream_rq_total", 12), StatsParser.parseLine("cluster.a.upstream_rq_total: 12"));
        assertEquals(new Stat.Text("server.version_label", "1.31: dev"), StatsParser.parseLine("server.version_label: \"1.31: dev\""));
        assertEquals(new Stat.Histogram("h", List.of()), StatsParser.parseLine("h: No recorded values"));
        Stat.Histogram h = (Stat.Histogram) StatsParser.parseLine("h: P0(nan,0) P50(1.5,2.0500000000000003) P99(nan,1e+03) P100(7,8)");
        assertEquals(List.of(new Stat.Quantile(0, null, 0.0), new Stat.Quantile(50, 1.5, 2.0500000000000003),
                new Stat.Quantile(99, null, 1000.0), new Stat.Quantile(100, 7.0, 8.0)), h.quantiles());
        assertEquals(new Stat.Scalar("big", -1), StatsParser.parseLine("big: 18446744073709551615"));
        assertNull(StatsParser.parseLine("hello world"));
        assertNull(StatsParser.parseLine("name: twelve"));
        assertNull(StatsParser.parseLine("h: P0(1,2) garbage"));
        assertNull(StatsParser.parseLine("two words: 3"));
    }

    @Test
    void statsJsonKeepsOrderAndReadsReadoutsAndUnusedHistograms() {
        List<Stat> stats = StatsParser.parseJson(reply("""
                {"stats":[{"name":"server.readout","value":"abc"},{"name":"a","value":1},{"name":"b","value":"not a number? a readout"},
                 {"histograms":{"supported_quantiles":[50,99],"computed_quantiles":[
                   {"name":"h1","values":[{"interval":null,"cumulative":3},{"interval":1,"cumulative":4}]},
                   {"name":"h2","values":[{"interval":null,"cumulative":null},{"interval":null,"cumulative":null}]}]}}]}"""));
        assertEquals(List.of(new Stat.Text("server.readout", "abc"), new Stat.Scalar("a", 1), new Stat.Text("b", "not a number? a readout"),
                new Stat.Histogram("h1", List.of(new Stat.Quantile(50, null, 3.0), new Stat.Quantile(99, 1.0, 4.0))),
                new Stat.Histogram("h2", List.of())), stats);
        AdminException e = assertThrows(AdminException.class, () -> StatsParser.parseJson(reply("{\"stats\": 3}")));
        assertTrue(e.getMessage().contains("answered JSON whose \"stats\" is not a list"), e.getMessage());
    }

    @Test
    void bothStatsFormatsOfTheFixtureAgree() {
        List<Stat> text = StatsParser.parseText(reply(RecordedEnvoyAdmin.fixture("stats.txt")));
        List<Stat> json = StatsParser.parseJson(reply(RecordedEnvoyAdmin.fixture("stats.json")));
        assertEquals(64, text.size());
        assertEquals(text, json);
    }

    @Test
    void clustersTextHandlesIpv6HostsEmptyValuesAndEdsNames() {
        List<ClusterStatus> cs = ClustersParser.parseText(reply("""
                outbound|80||web.default::observability_name::web_stats
                outbound|80||web.default::outlier::success_rate_average::99.5
                outbound|80||web.default::default_priority::max_connections::100
                outbound|80||web.default::high_priority::max_retries::3
                outbound|80||web.default::added_via_api::true
                outbound|80||web.default::eds_service_name::web-eds
                outbound|80||web.default::[::1]:8080::cx_active::1
                outbound|80||web.default::[::1]:8080::rq_total::5
                outbound|80||web.default::[::1]:8080::hostname::::1
                outbound|80||web.default::[::1]:8080::health_flags::/failed_eds_health/pending_dynamic_removal
                outbound|80||web.default::[::1]:8080::region::
                outbound|80||web.default::[::1]:8080::canary::true
                outbound|80||web.default::[::1]:8080::success_rate::87.5
                outbound|80||web.default::[fe80::1%eth0]:80::rq_total::2
                """));
        assertEquals(1, cs.size());
        ClusterStatus c = cs.get(0);
        assertEquals("outbound|80||web.default", c.name());
        assertEquals("web_stats", c.observabilityName());
        assertTrue(c.addedViaApi());
        assertEquals("web-eds", c.edsServiceName());
        assertEquals(Map.of("max_connections", 100L), c.circuitBreakers().get("default"));
        assertEquals(Map.of("max_retries", 3L), c.circuitBreakers().get("high"));
        assertEquals(Map.of("success_rate_average", 99.5), c.outlier());
        HostStatus h = c.hosts().get(0);
        assertEquals("[::1]:8080", h.address());
        assertEquals("::1", h.hostname());
        assertEquals(List.of("failed_eds_health", "pending_dynamic_removal"), h.healthFlags());
        assertEquals("UNHEALTHY(failed_eds_health,pending_dynamic_removal)", h.health());
        assertTrue(h.canary());
        assertEquals(87.5, h.successRate());
        assertEquals(Map.of("cx_active", 1L, "rq_total", 5L), h.stats());
        assertEquals("[fe80::1%eth0]:80", c.hosts().get(1).address());

        AdminException e = assertThrows(AdminException.class, () -> ClustersParser.parseText(reply("web::observability_name::web\nnot a line\n")));
        assertTrue(e.getMessage().endsWith("answered with text that is not Envoy's /clusters format (line 2: 'not a line')"), e.getMessage());
    }

    @Test
    void bothClustersFormatsOfTheFixtureAgree() {
        List<ClusterStatus> text = ClustersParser.parseText(reply(RecordedEnvoyAdmin.fixture("clusters.txt")));
        List<ClusterStatus> json = ClustersParser.parseJson(reply(RecordedEnvoyAdmin.fixture("clusters.json")));
        // the JSON form has the ejection thresholds but not the success-rate averages of the text form
        assertEquals(Map.of("success_rate_average", -1.0, "success_rate_ejection_threshold", -1.0,
                "local_origin_success_rate_average", -1.0, "local_origin_success_rate_ejection_threshold", -1.0), text.get(0).outlier());
        assertEquals(Map.of("success_rate_ejection_threshold", -1.0, "local_origin_success_rate_ejection_threshold", -1.0),
                json.get(0).outlier());
        assertEquals(withoutOutlier(text), withoutOutlier(json));
    }

    private static List<ClusterStatus> withoutOutlier(List<ClusterStatus> cs) {
        return cs.stream().map(c -> new ClusterStatus(c.name(), c.observabilityName(), c.addedViaApi(), c.edsServiceName(),
                c.circuitBreakers(), Map.of(), c.hosts())).toList();
    }

    @Test
    void jsonHealthStatusMapsOntoEnvoysFlagNames() {
        assertEquals(List.of(), ClustersParser.healthFlags(Map.of("eds_health_status", "HEALTHY")));
        assertEquals(List.of(), ClustersParser.healthFlags(Map.of()));
        assertEquals(List.of("failed_active_hc", "failed_outlier_check", "failed_eds_health", "degraded_active_hc",
                "pending_dynamic_removal", "pending_active_hc", "excluded_via_immediate_hc_fail", "active_hc_timeout"),
                ClustersParser.healthFlags(Map.of("eds_health_status", "UNHEALTHY", "failed_active_health_check", true,
                        "failed_outlier_check", true, "failed_active_degraded_check", true, "pending_dynamic_removal", true,
                        "pending_active_hc", true, "excluded_via_immediate_hc_fail", true, "active_hc_timeout", true)));
        assertEquals(List.of("degraded_eds_health"), ClustersParser.healthFlags(Map.of("eds_health_status", "DEGRADED")));
        assertEquals(List.of("eds_status_draining"), ClustersParser.healthFlags(Map.of("eds_health_status", "DRAINING")));
        HostStatus degraded = new HostStatus("a:1", "", List.of("degraded_eds_health"), 1, "", "", "", false, 0, -1, -1, Map.of());
        assertEquals("DEGRADED(degraded_eds_health)", degraded.health());
    }

    @Test
    void listenersTextAndJson() {
        assertEquals(List.of(new ListenerStatus("l0", List.of("0.0.0.0:80", "[::]:80")), new ListenerStatus("l1", List.of("[::1]:443"))),
                ListenersParser.parse(reply("l0::0.0.0.0:80\nl0::[::]:80\nl1::[::1]:443\n")));
        assertEquals(List.of(new ListenerStatus("l0", List.of("0.0.0.0:80", "[::]:80"))), ListenersParser.parse(reply("""
                {"listener_statuses":[{"name":"l0","local_address":{"socket_address":{"address":"0.0.0.0","port_value":80}},
                 "additional_local_addresses":[{"socket_address":{"address":"::","port_value":80}}]}]}""")));
    }

    @Test
    void jsonParserKeepsOrderAndNumberTypes() {
        Object tree = JsonParser.parse("\uFEFF{\"z\": 1, \"a\": [1.5, -2, 18446744073709551616, true, null, \"\\u00e9\\n\\/\"], \"m\": {}}");
        assertEquals(List.of("z", "a", "m"), List.copyOf(Tree.map(tree).keySet()));
        assertEquals(java.util.Arrays.asList(1.5, -2L, new BigInteger("18446744073709551616"), true, null, "\u00e9\n/"),
                Tree.map(tree).get("a"));
        assertEquals("invalid JSON at line 2, column 3: expected ',' or '}'",
                assertThrows(JsonParser.JsonException.class, () -> JsonParser.parse("{\"a\": 1\n  \"b\": 2}")).getMessage());
        assertEquals("invalid JSON at line 1, column 1: unexpected '<'",
                assertThrows(JsonParser.JsonException.class, () -> JsonParser.parse("<html>")).getMessage());
        assertThrows(JsonParser.JsonException.class, () -> JsonParser.parse("{} {}"));
        assertThrows(JsonParser.JsonException.class, () -> JsonParser.parse("[1,]"));
        assertThrows(JsonParser.JsonException.class, () -> JsonParser.parse("\"tab\there\""));
        assertThrows(JsonParser.JsonException.class, () -> JsonParser.parse("[".repeat(5000)));
        assertThrows(JsonParser.JsonException.class, () -> JsonParser.parse(""));
    }

    @Test
    void adminAddresses() {
        assertEquals(new AdminAddress("127.0.0.1", 9901), AdminAddress.parse("127.0.0.1:9901"));
        assertEquals(new AdminAddress("localhost", 15000), AdminAddress.parse("http://localhost:15000/"));
        assertEquals(new AdminAddress("::1", 9901), AdminAddress.parse("[::1]:9901"));
        assertEquals("[::1]:9901", AdminAddress.parse("[::1]:9901").authority());
        assertEquals(new AdminAddress("127.0.0.1", 9902), AdminAddress.parse("9902"));
        assertEquals(new AdminAddress("127.0.0.1", 9901), new AdminAddress("0.0.0.0", 9901).connectable());
        assertEquals(new AdminAddress("::1", 9901), new AdminAddress("::", 9901).connectable());
        assertThrows(RuntimeException.class, () -> AdminAddress.parse("::1:9901"));
        assertThrows(RuntimeException.class, () -> AdminAddress.parse("host:port"));
    }

    @Test
    void queryStrings() {
        assertEquals("", Query.of().toString());
        assertEquals("?format=json&filter=a%20b%2Bc&usedonly", Query.of().add("format", "json").add("filter", "a b+c")
                .add("type", null).flag("usedonly", true).flag("graceful", false).toString());
        assertEquals("?format=json", Query.of().add("format", "json").add("type", "Gauges").without("type").toString());
    }

    @Test
    void durations() {
        DurationConverter c = new DurationConverter();
        assertEquals(java.time.Duration.ofMillis(500), c.convert("500ms"));
        assertEquals(java.time.Duration.ofMillis(1500), c.convert("1.5s"));
        assertEquals(java.time.Duration.ofSeconds(5), c.convert("5"));
        assertEquals(java.time.Duration.ofMinutes(2), c.convert("2m"));
        assertThrows(RuntimeException.class, () -> c.convert("0ms"));
        assertThrows(RuntimeException.class, () -> c.convert("-1s"));
        assertEquals("1.5s", DurationConverter.format(java.time.Duration.ofMillis(1500)));
        assertEquals("300ms", DurationConverter.format(java.time.Duration.ofMillis(300)));
    }

    @Test
    void compactNumbers() {
        assertEquals("-", StatsFormat.number(null));
        assertEquals("3", StatsFormat.number(3.0));
        assertEquals("3.05", StatsFormat.number(3.0500000000000003));
        assertEquals("14.7", StatsFormat.number(14.7));
        assertEquals("4991", StatsFormat.number(4990.5));
        assertEquals("0.00123", StatsFormat.number(0.00123));
    }
}
