package io.proxyctl.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.load.YamlLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatsCommandTest {
    private RecordedEnvoyAdmin envoy;

    @BeforeEach
    void start() {
        envoy = RecordedEnvoyAdmin.start();
    }

    @AfterEach
    void stop() {
        envoy.close();
    }

    @Test
    void tableListsEveryStatWithHistogramsSummarised() {
        Cli.Result r = Cli.run("admin", "stats", "--address", envoy.address());
        assertEquals(0, r.code(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("NAME\\s+VALUE"), lines.get(0));
        assertEquals(1 + 58 + 6, lines.size(), r::toString);
        assertTrue(lines.contains(row("cluster.service1.upstream_rq_total", "61", lines)), r::toString);
        assertTrue(lines.contains(row("cluster.service1.upstream_rq_time", "P50=3.05 P99=14.7", lines)), r::toString);
        assertTrue(lines.contains(row("cluster.service2.upstream_cx_length_ms", "No recorded values", lines)), r::toString);
        assertTrue(lines.contains(row("server.initialization_time_ms", "P50=32 P99=32", lines)), r::toString);
        assertEquals(List.of("GET /stats?format=json"), envoy.requests());
        assertEquals("", r.err());
    }

    /** The table row as TableRenderer pads it: the NAME column is as wide as the longest name. */
    private static String row(String name, String value, List<String> lines) {
        int nameWidth = lines.get(0).indexOf("VALUE") - 3;
        return name + " ".repeat(nameWidth - name.length()) + "   " + value;
    }

    @Test
    void filterIsSentToEnvoyAndAppliedLocally() {
        Cli.Result r = Cli.run("admin", "stats", "-a", envoy.address(), "--filter", "^cluster\\.service2\\.upstream_rq_");
        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of("GET /stats?format=json&filter=%5Ecluster%5C.service2%5C.upstream_rq_"), envoy.requests());
        assertEquals(List.of("NAME", "cluster.service2.upstream_rq_200", "cluster.service2.upstream_rq_2xx",
                "cluster.service2.upstream_rq_504", "cluster.service2.upstream_rq_5xx", "cluster.service2.upstream_rq_active",
                "cluster.service2.upstream_rq_completed", "cluster.service2.upstream_rq_timeout",
                "cluster.service2.upstream_rq_total", "cluster.service2.upstream_rq_time"), names(r.out()));

        envoy.honorParams = false; // an Envoy that ignores the parameters: the client must still filter
        Cli.Result old = Cli.run("admin", "stats", "-a", envoy.address(), "--filter", "^cluster\\.service2\\.upstream_rq_");
        assertEquals(r.out(), old.out());
    }

    @Test
    void typeAndUsedOnly() {
        Cli.Result h = Cli.run("admin", "stats", "-a", envoy.address(), "--type", "histograms", "--used-only");
        assertEquals(0, h.code(), h::toString);
        assertEquals("GET /stats?format=json&type=Histograms&usedonly", envoy.requests().get(0));
        assertEquals(List.of("NAME", "cluster.service1.upstream_cx_connect_ms", "cluster.service1.upstream_rq_time",
                "cluster.service2.upstream_rq_time", "http.ingress_http.downstream_rq_time", "server.initialization_time_ms"),
                names(h.out()));

        Cli.Result g = Cli.run("admin", "stats", "-a", envoy.address(), "--type", "gauges", "--filter", "^server\\.");
        assertEquals(List.of("NAME", "server.concurrency", "server.live", "server.state", "server.total_connections",
                "server.uptime", "server.version"), names(g.out()));

        envoy.honorParams = false; // the type is unknown to old servers: histograms are still told apart locally
        Cli.Result c = Cli.run("admin", "stats", "-a", envoy.address(), "--type", "histograms", "--used-only");
        assertEquals(h.out(), c.out());
    }

    @Test
    void jsonIsEnvoysFormat() {
        Cli.Result r = Cli.run("admin", "stats", "-a", envoy.address(), "--filter", "service1.upstream_rq_(total|time)$", "-o", "json");
        assertEquals(0, r.code(), r::toString);
        Map<String, Object> root = Tree.map(JsonParser.parse(r.out()));
        List<Object> stats = Tree.list(root.get("stats"));
        assertEquals(2, stats.size());
        assertEquals(Map.of("name", "cluster.service1.upstream_rq_total", "value", 61L), stats.get(0));
        Object h = Tree.at(stats.get(1), "histograms");
        assertEquals(List.of(0L, 25L, 50L, 75L, 90L, 95L, 99L, 99.5, 99.9, 100L), Tree.list(Tree.at(h, "supported_quantiles")));
        Object cq = Tree.list(Tree.at(h, "computed_quantiles")).get(0);
        assertEquals("cluster.service1.upstream_rq_time", Tree.at(cq, "name"));
        assertEquals(Map.of("interval", 1.05, "cumulative", 3.05), Tree.list(Tree.at(cq, "values")).get(2));
        assertTrue(r.out().startsWith("{\n  \"stats\": [\n    {\n      \"name\": \"cluster.service1.upstream_rq_total\",\n      \"value\": 61\n"), r.out());
    }

    @Test
    void yamlHasTheSameTree() {
        Cli.Result json = Cli.run("admin", "stats", "-a", envoy.address(), "--filter", "service2", "-o", "json");
        Cli.Result yaml = Cli.run("admin", "stats", "-a", envoy.address(), "--filter", "service2", "-o", "yaml");
        assertEquals(0, yaml.code(), yaml::toString);
        assertTrue(yaml.out().startsWith("stats:\n- name: cluster.service2.membership_healthy\n  value: 1\n"), yaml.out());
        Object fromYaml = YamlLoader.loadText("out.yaml", yaml.out()).source().root();
        assertEquals(JsonParser.parse(json.out()), fromYaml);
    }

    @Test
    void rawPrintsTheTextReplyUnchanged() {
        Cli.Result r = Cli.run("admin", "stats", "-a", envoy.address(), "-o", "raw", "--used-only");
        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of("GET /stats?usedonly"), envoy.requests());
        String expected = RecordedEnvoyAdmin.fixture("stats.txt").replace("cluster.service2.upstream_cx_length_ms: No recorded values\n", "");
        assertEquals(expected, r.out());
    }

    @Test
    void textOnlyEnvoyIsParsedToo() {
        envoy.honorParams = false; // answers /stats?format=json with the text format
        Cli.Result viaText = Cli.run("admin", "stats", "-a", envoy.address());
        envoy.honorParams = true;
        Cli.Result viaJson = Cli.run("admin", "stats", "-a", envoy.address());
        assertEquals(0, viaText.code(), viaText::toString);
        assertEquals(viaJson.out(), viaText.out());
    }

    @Test
    void usageErrors() {
        Cli.Result badRegex = Cli.run("admin", "stats", "-a", envoy.address(), "--filter", "(");
        assertEquals(2, badRegex.code());
        assertTrue(badRegex.err().startsWith("proxyctl admin: invalid regex '(': "), badRegex.err());
        assertEquals(1, badRegex.err().lines().count());

        Cli.Result badType = Cli.run("admin", "stats", "-a", envoy.address(), "--type", "timers");
        assertEquals(2, badType.code());
        Cli.Result countWithoutWatch = Cli.run("admin", "stats", "-a", envoy.address(), "--count", "2");
        assertEquals(2, countWithoutWatch.code());
        assertEquals("proxyctl admin: --interval and --count only apply with --watch\n", countWithoutWatch.err());
        Cli.Result watchJson = Cli.run("admin", "stats", "-a", envoy.address(), "--watch", "-o", "json");
        assertEquals(2, watchJson.code());
        assertTrue(envoy.requests().isEmpty(), envoy.requests()::toString);
    }

    @Test
    void watchWithoutTerminalPrintsPlainSamplesWithRates() {
        envoy.rqPerRequest = 10;
        Cli.Result r = Cli.run("admin", "stats", "-a", envoy.address(), "--watch", "--interval", "200ms", "--count", "3",
                "--filter", "^cluster\\.service1\\.(upstream_rq_total|upstream_cx_active|upstream_rq_time)$");
        assertEquals(0, r.code(), r::toString);
        String[] samples = r.out().split("(?m)^--- ");
        assertEquals(4, samples.length, r::toString);
        assertTrue(samples[1].contains("sample 1  (rates from the next sample on)"), samples[1]);
        assertTrue(samples[3].contains("sample 3  (rates per second over 200ms)"), samples[3]);
        List<String> first = samples[1].lines().skip(1).toList();
        assertEquals(List.of("NAME", "KIND", "VALUE", "RATE/s", "P50", "P99"), List.of(first.get(0).split("\\s+")));
        List<String> last = samples[3].lines().skip(1).toList();
        // the growing counter is most active, so it comes first; 10 more per sample every ~200ms is about 50/s
        String[] top = last.get(1).split("\\s+");
        assertEquals("cluster.service1.upstream_rq_total", top[0]);
        assertEquals("counter", top[1]);
        assertEquals("81", top[2]);
        double rate = Double.parseDouble(top[3]);
        assertTrue(rate > 20 && rate < 150, last.get(1));
        // the histogram had samples in Envoy's last interval: recent P50/P99 shown and ranked as active
        assertTrue(last.get(2).matches("cluster\\.service1\\.upstream_rq_time\\s+histogram\\s+P50=3\\.05 P99=14\\.7\\s+-\\s+1\\.05\\s+2\\.1"),
                last.get(2));
        // the server told gauges from counters (?type=Gauges / ?type=Counters)
        assertTrue(last.get(3).matches("cluster\\.service1\\.upstream_cx_active\\s+gauge\\s+2\\s+0\\s+-\\s+-"), last.get(3));
        assertTrue(envoy.requests().contains(
                "GET /stats?format=json&filter=%5Ecluster%5C.service1%5C.%28upstream_rq_total%7Cupstream_cx_active%7Cupstream_rq_time%29%24&type=Gauges"),
                envoy.requests()::toString);
    }

    private static List<String> names(String table) {
        return table.lines().map(l -> l.split("\\s+")[0]).toList();
    }
}
