package io.proxyctl.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.model.RetryPolicy;
import io.proxyctl.router.RetrySpec;
import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import io.proxyctl.transport.Transport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retry host selection as Envoy: with RANDOM load balancing a retry lands on the failed host again unless a
 * {@code previous_hosts} predicate rejects it (re-selecting up to {@code host_selection_retry_max_attempts}).
 */
@ExtendWith(LeakCheckExtension.class)
class RetryHostSelectionTest {
    private static String route(String retryPolicy) {
        return """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/" }
                    route:
                      cluster: web
                      retry_policy: %s
                """.formatted(retryPolicy);
    }

    private static int failures(String retryPolicy) throws Exception {
        try (TestUpstream bad = TestUpstream.start("bad").handler(ex -> ex.respond(503, "bad"));
             TestUpstream good = TestUpstream.start("good");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", route(retryPolicy),
                     Configs.staticCluster("web", bad.port(), good.port()) + "  lb_policy: RANDOM\n"), 1,
                     Transport.best());
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            int failed = 0;
            for (int i = 0; i < 60; i++) {
                failed += c.get("/").status() == 503 ? 1 : 0;
            }
            assertTrue(bad.requestCount() > 0);
            return failed;
        }
    }

    @Test
    void withoutAPredicateARetryMayPickTheFailedHostAgain() throws Exception {
        // Each request fails when both random picks hit the bad host (p = 1/4): 60 requests all passing is ~1e-8.
        assertTrue(failures("{ retry_on: 5xx, num_retries: 1, retry_back_off: { base_interval: 0.001s } }") > 0);
    }

    @Test
    void previousHostsPredicateSteersTheRetryAway() throws Exception {
        assertEquals(0, failures("""
                { retry_on: 5xx, num_retries: 1, retry_back_off: { base_interval: 0.001s },
                  host_selection_retry_max_attempts: 30,
                  retry_host_predicate: [ { name: envoy.retry_host_predicates.previous_hosts, typed_config: {
                    "@type": type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate } } ] }"""
                .replace("\n", " ")));
    }

    @Test
    void refusedStreamIsParsedAndOnlyAboutRefusedStreams() {
        RetrySpec s = RetrySpec.compile(new RetryPolicy("refused-stream", 1, Duration.ZERO, null, null, List.of(),
                List.of(), false, 1), "route");
        assertTrue(s.retriesRefusedStream());
        assertTrue(!s.retriesStatus(503) && !s.retriesReset() && !s.retriesConnectFailure());
        assertTrue(!RetrySpec.compile(new RetryPolicy("5xx", 1, Duration.ZERO, null, null, List.of(), List.of(), false,
                1), "route").retriesRefusedStream());
    }
}
