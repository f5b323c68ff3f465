package io.proxyctl.http;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.H2Client;
import io.proxyctl.testing.H2TestUpstream;
import io.proxyctl.testing.ProxyFixture;

/**
 * Runs in a child JVM with a small heap ({@link Http2LargeBodyHeapTest}): an HTTP/2 client uploads 64 MiB
 * through the proxy to an HTTP/2 origin that echoes it back as it arrives, so 64 MiB also streams down. Windows
 * are small on both sides; only flow control carried end to end (no aggregation) fits the heap. Prints
 * "OK ..." and exits 0 on success.
 */
public final class Http2LargeBodyCheck {
    static final long SIZE = Long.getLong("h2size", 64L << 20);

    private Http2LargeBodyCheck() {
    }

    static String config(int upstreamPort) {
        String windows = "{ initial_stream_window_size: 65535, initial_connection_window_size: 1048576 }";
        String cluster = Configs.staticCluster("svc", upstreamPort) + """
                  typed_extension_protocol_options:
                    envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                      "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                      explicit_http_config:
                        http2_protocol_options: %s
                """.formatted(windows);
        return Configs.bootstrap("http2_protocol_options: " + windows + "\n", Configs.catchAll("svc"), cluster)
                .replace("route: { cluster: svc }", "route: { cluster: svc, timeout: 0s }");
    }

    public static void main(String[] args) throws Exception {
        int exit = 1;
        try (H2TestUpstream up = H2TestUpstream.start();
             ProxyFixture px = ProxyFixture.start(config(up.port()));
             H2Client c = H2Client.connect(px.port("ingress"))) {
            long t0 = System.nanoTime();
            H2Client.Response r = c.upload(H2Client.headers("POST", "/echo"), SIZE);
            r.done.get(100, java.util.concurrent.TimeUnit.SECONDS);
            double s = (System.nanoTime() - t0) / 1e9;
            boolean ok = r.status() == 200 && r.bodyBytes == SIZE && up.echoedBytes == SIZE;
            System.out.printf("%s up=%d down=%d in %.2f s, max heap %d MiB%n", ok ? "OK" : "FAILED", up.echoedBytes,
                    r.bodyBytes, s, Runtime.getRuntime().maxMemory() >> 20);
            exit = ok ? 0 : 1;
        } catch (Throwable t) {
            t.printStackTrace(System.out);
        }
        System.exit(exit);
    }
}
