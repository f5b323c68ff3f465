package io.proxyctl.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The stats store and the Envoy stat names the data plane maintains. */
@ExtendWith(LeakCheckExtension.class)
class StatsTest {
    @Test
    void storeBasics() {
        StatsStore s = new StatsStore();
        Counter c = s.counter("a.b");
        c.inc();
        c.add(2);
        assertEquals(c, s.counter("a.b"), "one object per name");
        Gauge g = s.gauge("g");
        g.inc();
        g.inc();
        g.dec();
        Histogram h = s.histogram("h");
        for (int i = 1; i <= 100; i++) {
            h.record(i);
        }
        StatsSnapshot snap = s.snapshot();
        assertEquals(List.of(new StatsSnapshot.Value("a.b", 3)), snap.counters());
        assertEquals(List.of(new StatsSnapshot.Value("g", 1)), snap.gauges());
        HistogramSnapshot hs = snap.histograms().get(0);
        assertEquals(100, hs.sampleCount());
        assertEquals(5050, hs.sampleSum());
        assertEquals(100, hs.cumulative(6), "all samples are <= 100");
        assertTrue(hs.quantile(0.5) > 25 && hs.quantile(0.5) <= 50, String.valueOf(hs.quantile(0.5)));
        s.resetCounters();
        assertEquals(0, s.value("a.b"));
        assertEquals(1, s.value("g"));
        assertEquals(-1, s.value("nope"));
    }

    @Test
    void envoyStatNamesAfterTraffic() throws Exception {
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/direct" }
                    direct_response: { status: 200 }
                  - match: { prefix: "/" }
                    route: { cluster: web }
                """;
        try (TestUpstream up = TestUpstream.start("u").handler(ex -> ex.respond(
                ex.request.uri().equals("/missing") ? 404 : 200, "x"));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vh, Configs.staticCluster("web", up.port())))) {
            try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                c.get("/ok");
                c.get("/missing");
                c.get("/direct");
            }
            for (int i = 0; i < 100 && px.stat("http.ingress_http.downstream_cx_active") != 0; i++) {
                Thread.sleep(10);
            }
            Map<String, Long> v = px.server.stats().snapshot().counters().stream()
                    .collect(Collectors.toMap(StatsSnapshot.Value::name, StatsSnapshot.Value::value));
            assertEquals(3, v.get("http.ingress_http.downstream_rq_total"));
            assertEquals(3, v.get("http.ingress_http.downstream_rq_completed"));
            assertEquals(2, v.get("http.ingress_http.downstream_rq_2xx"));
            assertEquals(1, v.get("http.ingress_http.downstream_rq_4xx"));
            assertEquals(1, v.get("http.ingress_http.rq_direct_response"));
            assertEquals(1, v.get("http.ingress_http.downstream_cx_total"));
            assertEquals(1, v.get("http.ingress_http.downstream_cx_destroy"));
            assertEquals(2, v.get("listener.127.0.0.1_0.http.ingress_http.downstream_rq_2xx"));
            assertEquals(1, v.get("listener.127.0.0.1_0.downstream_cx_total"));
            assertEquals(2, v.get("cluster.web.upstream_rq_total"));
            assertEquals(1, v.get("cluster.web.upstream_rq_200"));
            assertEquals(1, v.get("cluster.web.upstream_rq_404"));
            assertEquals(1, v.get("cluster.web.upstream_rq_4xx"));
            assertEquals(2, v.get("cluster.web.upstream_rq_completed"));
            assertEquals(1, v.get("cluster.web.upstream_cx_total"));
            assertEquals(0, px.stat("http.ingress_http.downstream_rq_active"));
            assertEquals(0, px.stat("cluster.web.upstream_rq_active"));
            assertEquals(1, px.stat("cluster.web.membership_total"));
            assertEquals(1, px.stat("cluster_manager.active_clusters"));
            assertTrue(px.server.stats().snapshot().histograms().stream()
                    .anyMatch(h -> h.name().equals("cluster.web.upstream_rq_time") && h.sampleCount() == 2));
        }
    }
}
