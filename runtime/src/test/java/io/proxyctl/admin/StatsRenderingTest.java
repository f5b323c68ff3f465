package io.proxyctl.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.admin.stats.Numbers;
import io.proxyctl.admin.stats.PrometheusRenderer;
import io.proxyctl.admin.stats.StatsJsonRenderer;
import io.proxyctl.admin.stats.StatsParams;
import io.proxyctl.admin.stats.StatsTextRenderer;
import io.proxyctl.stats.Histogram;
import io.proxyctl.stats.HistogramSnapshot;
import io.proxyctl.stats.StatsStore;
import io.proxyctl.stats.TagExtractor;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/** The stats renderers and histogram statistics on a hand-made store, where every value is known. */
class StatsRenderingTest {
    private static AdminRequest request(Map<String, java.util.List<String>> params) {
        return new AdminRequest("GET", "/stats", params, Map.of(), new byte[0]);
    }

    private static StatsParams params(String... kv) {
        Map<String, java.util.List<String>> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], java.util.List.of(kv[i + 1]));
        }
        return StatsParams.parse(request(m), false).params();
    }

    private static StatsStore store() {
        StatsStore s = new StatsStore();
        s.counter("b.counter").add(3);
        s.gauge("a.gauge").set(7);
        s.gauge("c.gauge");
        s.textReadout("z.version").set("1.2.3");
        s.histogram("h.empty");
        Histogram h = s.histogram("h.time");
        for (long v : new long[] {1, 2, 3, 4, 100}) {
            h.record(v);
        }
        return s;
    }

    @Test
    void textOrderReadoutsThenScalarsThenHistograms() {
        String t = StatsTextRenderer.render(store().snapshot(), params());
        String[] lines = t.split("\n");
        assertEquals("z.version: \"1.2.3\"", lines[0]);
        assertEquals("a.gauge: 7", lines[1]);
        assertEquals("b.counter: 3", lines[2]);
        assertEquals("c.gauge: 0", lines[3]);
        assertEquals("h.empty: No recorded values", lines[4]);
        // Samples 1, 2, 3, 4, 100: ranks fall in buckets (0.5,1], (1,5] and (50,100]; inside a bucket the value is
        // interpolated, with the bucket narrowed to the observed minimum and maximum.
        assertEquals("h.time: P0(nan,1) P25(nan,1.3333333333333333) P50(nan,3) P75(nan,4.666666666666666) P90(nan,75)"
                + " P95(nan,87.5) P99(nan,97.5) P99.5(nan,98.74999999999999) P99.9(nan,99.75) P100(nan,100)", lines[5]);
        assertEquals(6, lines.length);
        String used = StatsTextRenderer.render(store().snapshot(), params("usedonly", ""));
        assertEquals(String.join("\n", lines[0], lines[1], lines[2], lines[5]) + "\n", used, "never written: c.gauge, h.empty");
        assertEquals("z.version: \"1.2.3\"\n", StatsTextRenderer.render(store().snapshot(), params("type", "TextReadouts")));
    }

    @Test
    void intervalsCloseOnFlush() {
        StatsStore s = store();
        Histogram h = s.histogram("h.time");
        h.flush();
        HistogramSnapshot after = h.snapshot();
        assertEquals(5, after.interval().count());
        assertEquals(110, after.interval().sum());
        h.record(2);
        h.flush();
        HistogramSnapshot next = h.snapshot();
        assertEquals(1, next.interval().count());
        assertEquals(6, next.cumulative().count());
        // The interval's own extremes are not tracked: its one sample (2) is placed in (1, 5] by interpolation.
        assertEquals(3.0, next.intervalQuantile(0.5), 1e-9);
        String text = StatsTextRenderer.render(s.snapshot(), params("filter", "h.time"));
        assertTrue(text.startsWith("h.time: P0(1,1) P25("), text);
    }

    @Test
    void identicalSamplesGiveThatValueEverywhere() {
        StatsStore s = new StatsStore();
        Histogram h = s.histogram("x");
        for (int i = 0; i < 10; i++) {
            h.record(42);
        }
        for (double q : Histogram.QUANTILES) {
            assertEquals(42.0, h.snapshot().quantile(q), 1e-9);
        }
    }

    @Test
    void jsonHasReadoutsValuesAndHistogramsLast() {
        JSONObject j = new JSONObject(StatsJsonRenderer.render(store().snapshot(), params()));
        var stats = j.getJSONArray("stats");
        assertEquals("1.2.3", stats.getJSONObject(0).getString("value"));
        assertEquals(7, stats.getJSONObject(1).getInt("value"));
        JSONObject h = stats.getJSONObject(stats.length() - 1).getJSONObject("histograms");
        var empty = h.getJSONArray("computed_quantiles").getJSONObject(0);
        assertEquals("h.empty", empty.getString("name"));
        assertTrue(empty.getJSONArray("values").getJSONObject(0).isNull("cumulative"));
        var time = h.getJSONArray("computed_quantiles").getJSONObject(1).getJSONArray("values");
        assertEquals(75, time.getJSONObject(4).getDouble("cumulative"), 1e-9);
        JSONObject buckets = new JSONObject(StatsJsonRenderer.render(store().snapshot(),
                params("histogram_buckets", "cumulative", "type", "Histograms", "filter", "h.time")));
        var b = buckets.getJSONArray("stats").getJSONObject(0).getJSONArray("histograms").getJSONObject(0)
                .getJSONArray("buckets");
        assertEquals(1, b.getJSONObject(1).getLong("cumulative"), "<= 1");
        assertEquals(4, b.getJSONObject(2).getLong("cumulative"), "<= 5");
        assertEquals(5, b.getJSONObject(6).getLong("cumulative"), "<= 100");
        assertEquals(3600000, b.getJSONObject(18).getLong("upper_bound"));
    }

    @Test
    void prometheusTextReadoutsAsGauges() {
        StatsParams p = StatsParams.parse(request(Map.of("text_readouts", java.util.List.of(""))), true).params();
        String out = new PrometheusRenderer(TagExtractor.defaults()).render(store().snapshot(), p);
        assertTrue(out.contains("# TYPE envoy_z_version gauge\nenvoy_z_version{text_value=\"1.2.3\"} 1\n\n"), out);
        assertTrue(out.contains("# TYPE envoy_h_time histogram\nenvoy_h_time_bucket{le=\"0.5\"} 0\nenvoy_h_time_bucket{le=\"1\"} 1\n"), out);
        assertTrue(out.contains("envoy_h_time_bucket{le=\"+Inf\"} 5\nenvoy_h_time_sum{} 110\nenvoy_h_time_count{} 5\n"), out);
    }

    @Test
    void numberSpellings() {
        assertEquals("1", Numbers.shortest(1.0));
        assertEquals("1.05", Numbers.shortest(1.05));
        assertEquals("nan", Numbers.shortest(Double.NaN));
        assertEquals("1000000", Numbers.shortest(1e6));
        assertEquals("0.0001", Numbers.shortest(1e-4));
        assertEquals("1e-05", Numbers.shortest(1e-5));
        assertEquals("1.5e+16", Numbers.shortest(1.5e16));
        assertEquals("99.5", Numbers.g(0.995 * 100));
        assertEquals("3.6e+06", Numbers.g(3600000));
        assertEquals("100000", Numbers.g(100000));
        assertEquals("1.075", Numbers.g(1.0750000000000002));
        assertEquals("0.5", Numbers.precise(0.5));
        assertEquals("3600000", Numbers.precise(3600000));
    }
}
