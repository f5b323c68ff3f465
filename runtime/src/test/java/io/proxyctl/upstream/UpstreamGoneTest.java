package io.proxyctl.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** An upstream process that goes away while the proxy holds pooled connections to it: answered at once, not hung. */
@ExtendWith(LeakCheckExtension.class)
class UpstreamGoneTest {
    @RepeatedTest(10) // it failed 53 times in 60 before TestUpstream.close() closed accepted connections
    void pooledConnectionToAStoppedUpstreamIsAnsweredPromptly() throws Exception {
        TestUpstream up = TestUpstream.start("gone").handler(ex -> ex.respond(200, "ok"));
        int port = up.port();
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/" }
                    route: { cluster: web }
                """;
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", vh, Configs.staticCluster("web", port)))) {
            for (int round = 0; round < 5; round++) {
                try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                    c.socket().setSoTimeout(3000);
                    assertEquals(200, c.get("/warm").status());
                } catch (java.net.SocketTimeoutException e) {
                    throw new AssertionError("round " + round + " hung: cx_active=" + px.stat("cluster.web.upstream_cx_active")
                            + " cx_total=" + px.stat("cluster.web.upstream_cx_total")
                            + " rq_pending_active=" + px.stat("cluster.web.upstream_rq_pending_active")
                            + " cx_overflow=" + px.stat("cluster.web.upstream_cx_overflow")
                            + " cx_connect_fail=" + px.stat("cluster.web.upstream_cx_connect_fail")
                            + " up_requests=" + up.requestCount() + " up_conns=" + up.connectionCount(), e);
                }
                up.close();
                long t0 = System.nanoTime();
                try (RawHttp c = RawHttp.connect(px.port("ingress"))) {
                    int status = c.get("/after").status();
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertEquals(503, status);
                    assertTrue(ms < 3000, "answered after " + ms + " ms");
                }
                up = TestUpstream.startOn("gone", port).handler(ex -> ex.respond(200, "ok"));
            }
        } finally {
            up.close();
        }
    }
}
