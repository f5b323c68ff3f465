package io.proxyctl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheckExtension.class)
class SmokeTest {
    @Test
    void proxiesAGet() throws Exception {
        try (TestUpstream up = TestUpstream.start("a");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap("", Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            RawHttp.Response r = c.get("/hello");
            assertEquals(200, r.status(), r.headers().toString());
            assertEquals("a", r.body());
            assertNotNull(r.header("x-envoy-upstream-service-time"));
            assertEquals("envoy", r.header("server"));
            RawHttp.Response r2 = c.get("/again");
            assertEquals(200, r2.status());
            TestUpstream.Request req = up.take();
            assertEquals("/hello", req.uri());
            System.out.println(req.headers());
            System.out.println(r.headers().stream().map(h -> h[0] + ": " + h[1]).toList());
        }
    }
}
