package io.proxyctl.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /stats/prometheus} after real traffic, parsed with the text exposition format's grammar: every line is a
 * {@code # TYPE}, a sample or blank; each family has exactly one TYPE line before its samples and its samples are
 * contiguous; histogram buckets are cumulative and {@code +Inf} equals {@code _count}. Then Envoy's tag
 * extraction on the names that matter.
 */
@ExtendWith(LeakCheckExtension.class)
class PrometheusExpositionTest {
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary)");
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{((?:" + LABEL + ")(?:," + LABEL
            + ")*)?\\} (-?[0-9]+(?:\\.[0-9]+)?(?:e[+-]?[0-9]+)?|NaN|[+-]Inf)");

    /** One parsed sample. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    static Map<String, List<Sample>> parse(String text) {
        Map<String, String> types = new HashMap<>();
        Map<String, List<Sample>> families = new LinkedHashMap<>();
        Set<String> closed = new HashSet<>();
        String current = null;
        assertTrue(text.endsWith("\n"), "ends with a newline");
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher t = TYPE.matcher(line);
            if (t.matches()) {
                assertFalse(types.containsKey(t.group(1)), "one TYPE per family: " + line);
                types.put(t.group(1), t.group(2));
                if (current != null) {
                    closed.add(current);
                }
                current = t.group(1);
                families.put(current, new ArrayList<>());
                continue;
            }
            Matcher s = SAMPLE.matcher(line);
            assertTrue(s.matches(), "not a valid sample line: '" + line + "'");
            String name = s.group(1);
            assertNotNull(current, "sample before any TYPE: " + line);
            String type = types.get(current);
            boolean belongs = name.equals(current) || type.equals("histogram") && (name.equals(current + "_bucket")
                    || name.equals(current + "_sum") || name.equals(current + "_count"))
                    || type.equals("summary") && (name.equals(current + "_sum") || name.equals(current + "_count"));
            assertTrue(belongs, "sample outside its family (" + current + "): " + line);
            assertFalse(closed.contains(current));
            Map<String, String> labels = new LinkedHashMap<>();
            if (s.group(2) != null) {
                Matcher l = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(s.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            families.get(current).add(new Sample(name, labels, Double.parseDouble(s.group(3).replace("Inf", "Infinity"))));
        }
        return families;
    }

    @Test
    void exposition() throws Exception {
        try (TestUpstream up = TestUpstream.start("up").handler(ex -> ex.respond(ex.request.uri().equals("/x") ? 503 : 200, "b"));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())))) {
            try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                for (int i = 0; i < 5; i++) {
                    assertEquals(200, c.get("/").status());
                }
                assertEquals(503, c.get("/x").status());
            }
            AdminHttp.await(px.server.stats(), "http.ingress_http.downstream_rq_completed", 6);
            AdminHttp admin = new AdminHttp(px.server.adminAddress().getPort());
            RawHttp.Response r = admin.get("/stats/prometheus");
            assertEquals(200, r.status());
            Map<String, List<Sample>> families = parse(r.body());
            assertEquals(families.keySet(), parse(admin.get("/stats?format=prometheus").body()).keySet(),
                    "/stats?format=prometheus is the same exposition");

            for (Map.Entry<String, List<Sample>> f : families.entrySet()) {
                List<Sample> samples = f.getValue();
                if (samples.isEmpty() || !samples.get(0).name().endsWith("_bucket")) {
                    continue;
                }
                Map<Map<String, String>, List<Sample>> series = new LinkedHashMap<>();
                Map<Map<String, String>, Double> counts = new HashMap<>();
                for (Sample s : samples) {
                    Map<String, String> key = new LinkedHashMap<>(s.labels());
                    key.remove("le");
                    if (s.name().endsWith("_bucket")) {
                        series.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
                    } else if (s.name().endsWith("_count")) {
                        counts.put(key, s.value());
                    }
                }
                for (Map.Entry<Map<String, String>, List<Sample>> e : series.entrySet()) {
                    List<Sample> b = e.getValue();
                    assertEquals(20, b.size(), f.getKey() + " has 19 bounds and +Inf");
                    for (int i = 1; i < b.size(); i++) {
                        assertTrue(b.get(i).value() >= b.get(i - 1).value(), "cumulative buckets in " + f.getKey());
                        assertTrue(Double.parseDouble(b.get(i).labels().get("le").replace("+Inf", "Infinity"))
                                > Double.parseDouble(b.get(i - 1).labels().get("le")), "increasing le");
                    }
                    assertEquals("0.5", b.get(0).labels().get("le"));
                    assertEquals("3600000", b.get(18).labels().get("le"));
                    assertEquals("+Inf", b.get(19).labels().get("le"));
                    assertEquals(counts.get(e.getKey()), b.get(19).value(), "+Inf == _count in " + f.getKey());
                }
            }

            assertEquals(5.0, value(families, "envoy_cluster_upstream_rq",
                    Map.of("envoy_response_code", "200", "envoy_cluster_name", "web")));
            assertEquals(1.0, value(families, "envoy_cluster_upstream_rq",
                    Map.of("envoy_response_code", "503", "envoy_cluster_name", "web")));
            assertEquals(6.0, value(families, "envoy_cluster_upstream_rq_total", Map.of("envoy_cluster_name", "web")));
            assertEquals(5.0, value(families, "envoy_http_downstream_rq_xx",
                    Map.of("envoy_response_code_class", "2", "envoy_http_conn_manager_prefix", "ingress_http")));
            assertEquals(1.0, value(families, "envoy_listener_downstream_cx_total",
                    Map.of("envoy_listener_address", "127.0.0.1_0")));
            assertEquals(1.0, value(families, "envoy_server_live", Map.of()));
            assertTrue(families.containsKey("envoy_listener_admin_http_downstream_rq_xx"));
            assertTrue(r.body().contains("\nenvoy_server_live{} 1\n"), "untagged samples keep their braces");
            assertTrue(r.body().contains("envoy_cluster_upstream_rq{envoy_response_code=\"200\",envoy_cluster_name=\"web\"} 5\n"),
                    "tags in extraction order");
            assertTrue(r.body().indexOf("# TYPE envoy_server_live gauge") > r.body().lastIndexOf(" counter\n"),
                    "counters, then gauges");
            assertTrue(r.body().indexOf(" histogram\n") > r.body().lastIndexOf(" gauge\n"), "then histograms");

            Map<String, List<Sample>> used = parse(admin.get("/stats/prometheus?usedonly").body());
            assertFalse(used.containsKey("envoy_cluster_upstream_rq_retry"), "never written");
            assertTrue(used.containsKey("envoy_cluster_upstream_rq_total"));
            Map<String, List<Sample>> filtered = parse(admin.get("/stats/prometheus?filter=upstream_rq_total").body());
            assertEquals(Set.of("envoy_cluster_upstream_rq_total"), filtered.keySet());
            Map<String, List<Sample>> summary = parse(admin.get(
                    "/stats/prometheus?histogram_buckets=summary&filter=cluster.web.upstream_rq_time").body());
            assertEquals(12, summary.get("envoy_cluster_upstream_rq_time").size(), "10 quantiles, _sum and _count");
        }
    }

    private static double value(Map<String, List<Sample>> families, String family, Map<String, String> labels) {
        List<Sample> f = families.get(family);
        assertNotNull(f, family);
        for (Sample s : f) {
            if (s.labels().equals(labels)) {
                return s.value();
            }
        }
        throw new AssertionError("no " + family + labels + " in " + f);
    }
}
