package io.proxyctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.proxyctl.config.bind.BootstrapBinder;
import io.proxyctl.config.model.Bootstrap;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.ValidationReport;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TcpTestServer;
import io.proxyctl.testing.TestUpstream;
import java.io.ByteArrayOutputStream;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code proxyctl run} does with the repository's samples: validate (upgrading v2), bind, serve. Every sample
 * that uses only features of the HTTP/1.1 runtime starts and serves a request; the getting-started v2 config,
 * verbatim but for addresses, proxies to a local TLS origin with the tutorial's SNI and rewritten Host.
 */
@ExtendWith(LeakCheckExtension.class)
class RunSamplesTest {
    private static final Path SAMPLES = Path.of("..", "samples");
    /** Samples that are not plain HTTP/1.1 (downstream TLS, tcp_proxy, HTTP/2 upstream); served by their own tests. */
    private static final List<String> NOT_HTTP1_ONLY = List.of("tls-both-sides.yaml", "tcp-proxy.yaml",
            "http2-upstream.yaml");
    private static SelfSignedCertificate cert;
    private static SslContext tls;

    @BeforeAll
    @SuppressWarnings("deprecation")
    static void certificate() throws Exception {
        cert = new SelfSignedCertificate("www.google.com");
        tls = SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build();
    }

    @AfterAll
    static void cleanup() {
        cert.delete();
    }

    @Test
    void gettingStartedV2RunsAgainstLocalTlsOriginWithSniAndHostRewrite(@TempDir Path tmp) throws Exception {
        String v2 = Files.readString(SAMPLES.resolve("getting-started-v2.yaml"));
        try (TestUpstream origin = TestUpstream.startTls("google", tls)
                .handler(ex -> ex.respond(200, "hello from " + ex.request.header("host")))) {
            // The tutorial's file with only its addresses changed: loopback, ephemeral ports, the local origin.
            String local = v2.replace("port_value: 9901", "port_value: 0")
                    .replace("address: 0.0.0.0", "address: 127.0.0.1")
                    .replace("port_value: 10000", "port_value: 0")
                    .replace("address: www.google.com", "address: localhost")
                    .replace("port_value: 443", "port_value: " + origin.port())
                    .replace("/tmp/admin_access.log", tmp.resolve("admin.log").toString());
            Running run = Running.start("getting-started-v2.yaml", local, false, null);
            try (run; RawHttp c = RawHttp.connect(run.server.boundPort("listener_0"))) {
                assertEquals("v2", run.report.apiVersion());
                RawHttp.Response r = c.get("/search?q=envoy", "Host: localhost:10000");
                assertEquals(200, r.status());
                assertEquals("hello from www.google.com", r.body());
                assertEquals(List.of("www.google.com"), origin.sniNames());
                TestUpstream.Request seen = origin.take();
                assertEquals("www.google.com", seen.header("host"));
                assertEquals("/search?q=envoy", seen.uri());
            }
        }
    }

    @Test
    void everyHttp1SampleStartsAndServes(@TempDir Path tmp) throws Exception {
        List<Path> samples;
        try (Stream<Path> s = Files.list(SAMPLES)) {
            samples = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> served = new ArrayList<>();
        try (TestUpstream plain = TestUpstream.start("plain").handler(ex -> ex.respond(200, "upstream ok"));
             TestUpstream secure = TestUpstream.startTls("secure", tls).handler(ex -> ex.respond(200, "upstream ok"))) {
            for (Path sample : samples) {
                String name = sample.getFileName().toString();
                if (NOT_HTTP1_ONLY.contains(name)) {
                    continue;
                }
                Running run = Running.start(name, Files.readString(sample), true,
                        new Rewrite(plain.port(), secure.port(), tmp));
                try (run) {
                    assertTrue(run.report.valid(), name + ": " + run.report.errors());
                    for (ListenerInfo l : run.server.listeners()) {
                        if (!run.isHttp(l.name())) {
                            continue; // tcp_proxy listeners: see tcpProxySampleRelaysToLocalServers
                        }
                        try (RawHttp c = RawHttp.connect(run.server.boundPort(l.name()))) {
                            RawHttp.Response r;
                            try {
                                r = c.get(run.firstPath(l.name()), "Host: " + run.firstDomain(l.name()));
                            } catch (java.io.IOException e) {
                                throw new AssertionError(name + " listener " + l.name() + ": " + e, e);
                            }
                            // Served: by the upstream, or by a configured direct response or redirect; never a
                            // local error (404 no route, 5xx) of the proxy itself.
                            assertTrue(r.status() >= 200 && r.status() < 400,
                                    name + " listener " + l.name() + " answered " + r.status() + " " + r.body());
                        }
                    }
                }
                served.add(name);
            }
        }
        // A sample silently skipped would pass the loop; the count says every one was served.
        assertEquals(samples.size() - NOT_HTTP1_ONLY.size(), served.size(), served.toString());
        assertTrue(served.size() >= 9, served.toString());
    }

    @Test
    void tcpProxySampleRelaysToLocalServers() throws Exception {
        String yaml = Files.readString(SAMPLES.resolve("tcp-proxy.yaml"));
        try (TcpTestServer pg = TcpTestServer.echo(); TcpTestServer redisOld = TcpTestServer.greeting("old");
             TcpTestServer redisNew = TcpTestServer.greeting("new")) {
            // Endpoints first (they share port numbers with the listeners), then the listeners and admin.
            String local = yaml.replaceAll("(address: pg-primary\\.db\\.internal\\s+port_value: )5432", "address: 127.0.0.1\n                port_value: " + pg.port())
                    .replaceAll("(address: )10\\.0\\.8\\.10(\\s+port_value: )6379", "$1127.0.0.1$2" + redisOld.port())
                    .replaceAll("(address: )10\\.0\\.9\\.10(\\s+port_value: )6379", "$1127.0.0.1$2" + redisNew.port())
                    .replace("address: 0.0.0.0", "address: 127.0.0.1")
                    .replace("port_value: 5432", "port_value: 0").replace("port_value: 6379", "port_value: 0")
                    .replace("port_value: 9901", "port_value: 0");
            Running run = Running.start("tcp-proxy.yaml", local, false, null);
            try (run; java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
                    run.server.boundPort("postgres"))) {
                s.setSoTimeout(5000);
                s.getOutputStream().write("SELECT 1;".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                assertEquals("SELECT 1;", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
                int old = 0;
                int fresh = 0;
                for (int i = 0; i < 40; i++) {
                    try (java.net.Socket r = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
                            run.server.boundPort("redis"))) {
                        r.setSoTimeout(5000);
                        String got = new String(r.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                        old += got.equals("old") ? 1 : 0;
                        fresh += got.equals("new") ? 1 : 0;
                    }
                }
                assertEquals(40, old + fresh);
                assertTrue(old > fresh && fresh > 0, "old=" + old + " new=" + fresh);
                assertEquals(1, run.server.stats().value("tcp.postgres.downstream_cx_total"));
            }
        }
    }

    /** Points a sample at test resources: loopback listeners on port 0, clusters at the test origins, logs in tmp. */
    private record Rewrite(int plainPort, int tlsPort, Path tmp) {
        @SuppressWarnings("unchecked")
        void apply(Object node, String key, boolean inCluster, boolean tlsCluster) {
            if (node instanceof Map<?, ?> m0) {
                Map<String, Object> m = (Map<String, Object>) m0;
                if (m.get("socket_address") instanceof Map<?, ?> sa0) {
                    Map<String, Object> sa = (Map<String, Object>) sa0;
                    if (inCluster) {
                        // STATIC clusters need IP literals, DNS clusters keep resolving a name.
                        boolean ip = String.valueOf(sa.get("address")).matches("[0-9.]+|.*:.*");
                        sa.put("address", ip ? "127.0.0.1" : "localhost");
                        sa.put("port_value", (long) (tlsCluster ? tlsPort : plainPort));
                    } else {
                        sa.put("address", "127.0.0.1");
                        sa.put("port_value", 0L);
                    }
                }
                if (m.get("path") instanceof String p && p.startsWith("/var/log/")) {
                    m.put("path", tmp.resolve(Path.of(p).getFileName()).toString());
                }
                for (Map.Entry<String, Object> e : m.entrySet()) {
                    boolean cluster = inCluster || "clusters".equals(key);
                    boolean secure = tlsCluster || (cluster && m.containsKey("transport_socket"));
                    apply(e.getValue(), e.getKey(), cluster, secure);
                }
            } else if (node instanceof List<?> l) {
                for (Object o : l) {
                    apply(o, key, inCluster, tlsCluster);
                }
            }
        }
    }

    /** A server started the way RunCommand starts one. */
    private static final class Running implements AutoCloseable {
        final ValidationReport report;
        final ProxyServer server;
        final Map<String, Object> tree;

        private Running(ValidationReport report, ProxyServer server, Map<String, Object> tree) {
            this.report = report;
            this.server = server;
            this.tree = tree;
        }

        @SuppressWarnings("unchecked")
        static Running start(String name, String yaml, boolean rewrite, Rewrite r) {
            ValidationReport report = new ConfigValidator().validate(
                    io.proxyctl.config.load.YamlLoader.loadText(name, yaml));
            assertTrue(report.valid(), name + ": " + report.errors());
            Map<String, Object> tree = (Map<String, Object>) report.v3().root();
            if (rewrite) {
                r.apply(tree, "", false, false);
            }
            Bootstrap b = BootstrapBinder.bind(tree);
            ServerOptions o = ServerOptions.defaults().withConcurrency(1).withLog(line -> { })
                    .withStreams(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .withInitialDnsWait(Duration.ofSeconds(5));
            return new Running(report, ProxyServer.start(b, o), tree);
        }

        /** A path the listener's first route matches: its prefix or path, "/" otherwise. */
        String firstPath(String listener) {
            String text = listenerText(listener);
            int i = text.indexOf("match={");
            if (i < 0) {
                return "/";
            }
            String match = text.substring(i, text.indexOf('}', i));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:prefix|path)=([^,}]+)").matcher(match);
            return m.find() ? m.group(1).trim() : "/";
        }

        @SuppressWarnings("unchecked")
        private String listenerText(String listener) {
            for (Object l : (List<Object>) ((Map<String, Object>) tree.get("static_resources")).get("listeners")) {
                Map<String, Object> lm = (Map<String, Object>) l;
                if (listener.equals(lm.get("name"))) {
                    return String.valueOf(lm);
                }
            }
            return "";
        }

        /** True when the listener's chains run the HTTP connection manager. */
        @SuppressWarnings("unchecked")
        boolean isHttp(String listener) {
            for (Object l : (List<Object>) ((Map<String, Object>) tree.get("static_resources")).get("listeners")) {
                Map<String, Object> lm = (Map<String, Object>) l;
                if (listener.equals(lm.get("name"))) {
                    return String.valueOf(lm).contains("http_connection_manager");
                }
            }
            return false;
        }

        /** A Host header the listener's first virtual host answers ("*" becomes "example.com"). */
        @SuppressWarnings("unchecked")
        String firstDomain(String listener) {
            for (Object l : (List<Object>) ((Map<String, Object>) tree.get("static_resources")).get("listeners")) {
                Map<String, Object> lm = (Map<String, Object>) l;
                if (!listener.equals(lm.get("name"))) {
                    continue;
                }
                String yaml = String.valueOf(lm);
                int i = yaml.indexOf("domains=[");
                if (i < 0) {
                    return "example.com";
                }
                String first = yaml.substring(i + 9, yaml.indexOf(']', i)).split(",")[0].trim();
                return first.replace("*", "www").replace(":", "");
            }
            return "example.com";
        }

        @Override
        public void close() {
            server.shutdown();
            assertFalse(server.state() == ProxyServer.State.LIVE);
        }
    }

}
