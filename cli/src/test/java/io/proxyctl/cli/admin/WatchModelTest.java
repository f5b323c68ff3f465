package io.proxyctl.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class WatchModelTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void ratesPerSecondSortedByActivity() {
        WatchModel m = new WatchModel(name -> name.endsWith("_active"));
        List<WatchModel.Row> first = m.update(List.of(new Stat.Scalar("a.rq_total", 100), new Stat.Scalar("b.rq_total", 10),
                new Stat.Scalar("c.cx_active", 5)), 0);
        assertTrue(first.stream().allMatch(r -> r.rate() == null));
        assertEquals(List.of("a.rq_total", "b.rq_total", "c.cx_active"), first.stream().map(WatchModel.Row::name).toList());

        List<WatchModel.Row> second = m.update(List.of(new Stat.Scalar("a.rq_total", 104), new Stat.Scalar("b.rq_total", 30),
                new Stat.Scalar("c.cx_active", 2)), 2 * SECOND);
        assertEquals(List.of("b.rq_total", "a.rq_total", "c.cx_active"), second.stream().map(WatchModel.Row::name).toList());
        assertEquals(10.0, second.get(0).rate());
        assertEquals("2", WatchModel.rate(second.get(1)));
        assertEquals(-1.5, second.get(2).rate());
        assertEquals(WatchModel.Kind.gauge, second.get(2).kind());
        assertEquals("-1.5", WatchModel.rate(second.get(2)));

        // reset_counters: a counter going down counts what it did since the reset, never a negative rate
        List<WatchModel.Row> third = m.update(List.of(new Stat.Scalar("a.rq_total", 3), new Stat.Scalar("c.cx_active", 4)), 3 * SECOND);
        assertEquals(3.0, third.stream().filter(r -> r.name().equals("a.rq_total")).findFirst().orElseThrow().rate());
        assertEquals("+2", WatchModel.rate(third.stream().filter(r -> r.name().equals("c.cx_active")).findFirst().orElseThrow()));
        assertEquals(3, m.samples());
    }

    @Test
    void histogramsShowTheLastIntervalAndCountAsActiveWhenItHadData() {
        WatchModel m = new WatchModel(n -> false);
        List<WatchModel.Row> rows = m.update(List.of(
                new Stat.Histogram("idle", List.of(new Stat.Quantile(50, null, 3.0), new Stat.Quantile(99, null, 9.0))),
                new Stat.Histogram("busy", List.of(new Stat.Quantile(50, 1.0, 3.0), new Stat.Quantile(99, 2.0, 9.0))),
                new Stat.Histogram("never", List.of()), new Stat.Text("t", "x")), 0);
        assertEquals(List.of("busy", "idle", "never", "t"), rows.stream().map(WatchModel.Row::name).toList());
        assertEquals(1.0, rows.get(0).p50());
        assertEquals(2.0, rows.get(0).p99());
        assertEquals("P50=3 P99=9", rows.get(0).value());
        assertNull(rows.get(1).p50());
        assertEquals("-", rows.get(2).value());
        assertEquals("\"x\"", rows.get(3).value());
    }

    @Test
    void gaugeNamesFromEnvoysReference() {
        for (String g : List.of("cluster.x.upstream_cx_active", "cluster.x.membership_healthy", "server.uptime", "server.live",
                "server.memory_allocated", "cluster.x.circuit_breakers.default.rq_open", "cluster_manager.active_clusters",
                "listener_manager.total_listeners_active", "tcp.p.downstream_cx_rx_bytes_buffered", "cluster.x.version")) {
            assertTrue(StatKinds.looksLikeGauge(g), g);
        }
        for (String c : List.of("cluster.x.upstream_rq_total", "cluster.x.membership_change", "http.p.downstream_rq_2xx",
                "server.debug_assertion_failures", "cluster.x.upstream_rq_active_total")) {
            assertFalse(StatKinds.looksLikeGauge(c), c);
        }
    }

    @Test
    void typedFilterFallsBackToTextWhileTheRegexIsIncomplete() {
        assertTrue(WatchScreen.matcher("").test("anything"));
        assertTrue(WatchScreen.matcher("RQ_T").test("cluster.a.upstream_rq_total"));
        assertTrue(WatchScreen.matcher("rq_(total|time)$").test("cluster.a.upstream_rq_time"));
        assertTrue(WatchScreen.matcher("rq_(to").test("cluster.a.upstream_rq_(total"));
        assertFalse(WatchScreen.matcher("rq_(to").test("cluster.a.upstream_rq_total"));
    }
}
