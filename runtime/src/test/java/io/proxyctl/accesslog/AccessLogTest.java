package io.proxyctl.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.testing.Configs;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import io.proxyctl.testing.RawHttp;
import io.proxyctl.testing.TestUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Access log lines written by the file, stdout and stderr loggers, in Envoy's formats. */
@ExtendWith(LeakCheckExtension.class)
class AccessLogTest {
    private static final String NO_ROUTES = "- {name: none, domains: [none.invalid], routes: []}";

    @TempDir
    Path tmp;

    private static List<String> awaitLines(Path file, int n) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= n) {
                    return lines;
                }
            }
            Thread.sleep(10);
        }
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static String fileLogger(Path file, String format) {
        return """
                access_log:
                - name: envoy.access_loggers.file
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog
                    path: "%s"
                %s
                """.formatted(file.toString().replace("\\", "/"), Configs.indent(format, 4));
    }

    @Test
    void envoysDefaultFormat() throws Exception {
        Path log = tmp.resolve("access.log");
        try (TestUpstream up = TestUpstream.start("abc");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(fileLogger(log, ""), Configs.catchAll("web"),
                     Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("GET /path?q=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test-agent/1\r\nx-request-id: rid-1\r\n"
                    + "x-forwarded-for: 10.1.1.1\r\n\r\n");
            RawHttp.Response r = c.read();
            String line = awaitLines(log, 1).get(0);
            String pattern = "\\[\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z] \"GET /path\\?q=1 HTTP/1\\.1\" 200 - 0 3 "
                    + "\\d+ " + r.header("x-envoy-upstream-service-time") + " \"10\\.1\\.1\\.1\" \"test-agent/1\" \"rid-1\" "
                    + "\"example\\.com\" \"127\\.0\\.0\\.1:" + up.port() + "\"";
            assertTrue(line.matches(pattern), line + "\n  !~ " + pattern);
        }
    }

    @Test
    void defaultFormatShowsTheOriginalPathAndDashesForMissingValues() throws Exception {
        Path log = tmp.resolve("a.log");
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - match: { prefix: "/old" }
                    route: { cluster: web, prefix_rewrite: "/new" }
                  - match: { prefix: "/none" }
                    direct_response: { status: 503 }
                """;
        try (TestUpstream up = TestUpstream.start("x");
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(fileLogger(log, ""), vh,
                     Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.get("/old/thing");
            c.get("/none");
            List<String> lines = awaitLines(log, 2);
            assertTrue(lines.get(0).contains("\"GET /old/thing HTTP/1.1\" 200 - 0 1 "), lines.get(0));
            assertTrue(lines.get(1).contains("\"GET /none HTTP/1.1\" 503 - 0 0 "), lines.get(1));
            assertTrue(lines.get(1).endsWith(" - \"-\" \"-\" \"" + lines.get(1).split("\"")[7] + "\" \"test\" \"-\""),
                    lines.get(1));
        }
    }

    @Test
    void textFormatSourceWithCommonOperators() throws Exception {
        Path log = tmp.resolve("t.log");
        String fmt = """
                log_format:
                  text_format_source:
                    inline_string: "%START_TIME(%Y/%m/%d)% %REQ(:METHOD)% %REQ(:PATH)% %REQ(X-MISSING?USER-AGENT):4% %RESP(CONTENT-TYPE)% %RESPONSE_CODE% [%RESPONSE_FLAGS%] %DURATION% %UPSTREAM_HOST% %BYTES_RECEIVED% %BYTES_SENT% %PROTOCOL% %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT% %UPSTREAM_CLUSTER% %ROUTE_NAME% 100%%\\n"
                """;
        String vh = """
                - name: all
                  domains: ["*"]
                  routes:
                  - name: main
                    match: { prefix: "/" }
                    route: { cluster: web }
                """;
        try (TestUpstream up = TestUpstream.start("hello").handler(ex -> ex.respond(201, "hello", "content-type", "text/x"));
             ProxyFixture px = ProxyFixture.start(Configs.bootstrap(fileLogger(log, fmt), vh,
                     Configs.staticCluster("web", up.port())));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("PUT /p HTTP/1.1\r\nHost: h\r\nUser-Agent: curl/8\r\nContent-Length: 2\r\n\r\nab");
            c.read();
            String line = awaitLines(log, 1).get(0);
            String pattern = "\\d{4}/\\d{2}/\\d{2} PUT /p curl text/x 201 \\[-] \\d+ 127\\.0\\.0\\.1:" + up.port()
                    + " 2 5 HTTP/1\\.1 127\\.0\\.0\\.1 web main 100%";
            assertTrue(line.matches(pattern), line);
        }
    }

    @Test
    void jsonFormatWithTypedValues() throws Exception {
        Path log = tmp.resolve("j.log");
        String fmt = """
                log_format:
                  json_format:
                    code: "%RESPONSE_CODE%"
                    method: "%REQ(:METHOD)%"
                    missing: "%REQ(X-NOPE)%"
                    flags: "%RESPONSE_FLAGS%"
                    mixed: "code=%RESPONSE_CODE%"
                    constant: 7
                    nested: { host: "%REQ(:AUTHORITY)%" }
                """;
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap(fileLogger(log, fmt), NO_ROUTES, Configs.staticCluster("web", 1)));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.send("GET / HTTP/1.1\r\nHost: h\"q\r\n\r\n");
            c.read();
            String line = awaitLines(log, 1).get(0);
            assertEquals("{\"code\":404,\"method\":\"GET\",\"missing\":null,\"flags\":\"NR\",\"mixed\":\"code=404\","
                    + "\"constant\":7,\"nested\":{\"host\":\"h\\\"q\"}}", line);
        }
    }

    @Test
    void stdoutLoggerAndTwoLoggersOnOneManager() throws Exception {
        Path log = tmp.resolve("both.log");
        String loggers = fileLogger(log, "log_format: { text_format_source: { inline_string: \"file %RESPONSE_CODE%\\n\" } }")
                + """
                - name: envoy.access_loggers.stdout
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
                    log_format: { text_format_source: { inline_string: "stdout %RESPONSE_CODE%\\n" } }
                """;
        try (ProxyFixture px = ProxyFixture.start(Configs.bootstrap(loggers, NO_ROUTES, Configs.staticCluster("web", 1)));
             RawHttp c = RawHttp.connect(px.port("ingress"))) {
            c.get("/");
            assertEquals(List.of("file 404"), awaitLines(log, 1));
            for (int i = 0; i < 100 && px.stdoutText().isEmpty(); i++) {
                Thread.sleep(10);
            }
            assertEquals("stdout 404\n", px.stdoutText());
        }
    }
}
