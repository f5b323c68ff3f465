package io.proxyctl.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Nothing listening, timeouts, servers that are not an Envoy admin API, bad targets: one line and the right exit code. */
class AdminErrorsTest {
    static final List<String> EVERY_LIVE_COMMAND = List.of("stats", "clusters", "listeners", "routes", "config-dump",
            "server-info", "ready", "healthcheck fail", "healthcheck ok", "reset-counters", "logging", "drain", "quit");

    static Stream<String> commands() {
        return EVERY_LIVE_COMMAND.stream();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void nothingListening(String command) {
        int port = OtherServers.closedPort();
        Cli.Result r = Cli.run(args(command, "--address", "127.0.0.1:" + port));
        assertEquals(1, r.code(), r::toString);
        assertEquals("proxyctl admin: cannot connect to 127.0.0.1:" + port + ": connection refused\n", r.err());
        assertEquals("", r.out());
    }

    static Stream<Arguments> notAdmin() {
        String nginx = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body><h1>Welcome to nginx!</h1></body>\n</html>\n";
        return EVERY_LIVE_COMMAND.stream().flatMap(c -> Stream.of(
                Arguments.of(c, 200, "text/html", nginx),
                Arguments.of(c, 404, "text/html", "<html><head><title>404 Not Found</title></head></html>"),
                Arguments.of(c, 200, "application/json", "{\"status\":\"ok\"}"),
                Arguments.of(c, 200, "text/plain", "hello world\n")));
    }

    @ParameterizedTest
    @MethodSource("notAdmin")
    void anotherServerIsNotMistakenForAnAdminApi(String command, int status, String type, String body) {
        try (var server = OtherServers.fixed(status, type, body)) {
            Cli.Result r = Cli.run(args(command, "-a", server.address()));
            assertEquals(1, r.code(), r::toString);
            assertTrue(r.err().startsWith("proxyctl admin: " + server.address() + " is not an Envoy admin endpoint: "), r::toString);
            assertEquals(1, r.err().lines().count(), r::toString);
            assertEquals("", r.out());
        }
    }

    @Test
    void notAdminMessagesSayWhatCameBack() {
        try (var html = OtherServers.fixed(200, "text/html", "<html><head><title>Welcome to nginx!</title></head></html>");
             var json = OtherServers.fixed(200, "application/json", "{\"status\":\"ok\"}");
             var text = OtherServers.fixed(200, "text/plain", "hello world\n")) {
            assertEquals("proxyctl admin: " + html.address() + " is not an Envoy admin endpoint: GET /clusters?format=json answered "
                    + "with an HTML page (\"Welcome to nginx!\")\n", Cli.run("admin", "clusters", "-a", html.address()).err());
            assertEquals("proxyctl admin: " + json.address() + " is not an Envoy admin endpoint: GET /stats?format=json answered "
                    + "JSON without \"stats\"\n", Cli.run("admin", "stats", "-a", json.address()).err());
            assertEquals("proxyctl admin: " + text.address() + " is not an Envoy admin endpoint: GET /stats?format=json answered "
                    + "with text that is not Envoy stats (line 1: 'hello world')\n", Cli.run("admin", "stats", "-a", text.address()).err());
            assertEquals("proxyctl admin: " + text.address() + " is not an Envoy admin endpoint: POST /quitquitquit answered "
                    + "'hello world' instead of OK\n", Cli.run("admin", "quit", "-a", text.address()).err());
            assertEquals("proxyctl admin: " + json.address() + " is not an Envoy admin endpoint: GET /config_dump answered "
                    + "JSON without \"configs\"\n", Cli.run("admin", "config-dump", "-a", json.address()).err());
            assertEquals("proxyctl admin: " + text.address() + " is not an Envoy admin endpoint: GET /ready answered "
                    + "200 'hello world' instead of a server state\n", Cli.run("admin", "ready", "-a", text.address()).err());
        }
    }

    @Test
    void timeoutWhenNoReplyComes() {
        try (var silent = OtherServers.tcp(null)) {
            long start = System.nanoTime();
            Cli.Result r = Cli.run("admin", "clusters", "-a", silent.address(), "--timeout", "300ms");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, r.code(), r::toString);
            assertEquals("proxyctl admin: no reply from " + silent.address() + " to GET /clusters?format=json within 300ms\n", r.err());
            assertTrue(millis < 3000, "took " + millis + "ms");
        }
        try (RecordedEnvoyAdmin slow = RecordedEnvoyAdmin.start()) {
            slow.delayMillis = 2000;
            Cli.Result r = Cli.run("admin", "server-info", "-a", slow.address(), "--timeout", "0.2s");
            assertEquals("proxyctl admin: no reply from " + slow.address() + " to GET /server_info within 200ms\n", r.err());
        }
    }

    @Test
    void somethingThatDoesNotSpeakHttp() {
        try (var ssh = OtherServers.tcp("SSH-2.0-OpenSSH_9.6\r\n")) {
            Cli.Result r = Cli.run("admin", "clusters", "-a", ssh.address(), "--timeout", "2s");
            assertEquals(1, r.code(), r::toString);
            assertTrue(r.err().startsWith("proxyctl admin: " + ssh.address() + " did not answer GET /clusters?format=json with HTTP: "), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void envoyErrorsAreRelayed() {
        try (RecordedEnvoyAdmin envoy = RecordedEnvoyAdmin.start()) {
            envoy.missing.add("/listeners");
            Cli.Result r = Cli.run("admin", "listeners", "-a", envoy.address());
            assertEquals(1, r.code());
            assertEquals("proxyctl admin: " + envoy.address() + " has no /listeners endpoint (GET /listeners?format=json answered 404 "
                    + "with the admin help)\n", r.err());
        }
        try (var forbidden = OtherServers.fixed(403, "text/plain", "")) {
            Cli.Result r = Cli.run("admin", "stats", "-a", forbidden.address());
            assertEquals("proxyctl admin: GET /stats?format=json to " + forbidden.address()
                    + ": 403 forbidden (not in the proxy's admin.allow_paths)\n", r.err());
        }
        // valid in Java, not in RE2: Envoy answers 400 and says why
        try (var re2 = OtherServers.fixed(400, "text/plain", "Invalid re2 regex")) {
            Cli.Result r = Cli.run("admin", "stats", "-a", re2.address(), "--filter", "(?=x)");
            assertEquals(1, r.code());
            assertEquals("proxyctl admin: GET /stats?format=json&filter=%28%3F%3Dx%29 to " + re2.address() + ": 400 Invalid re2 regex\n", r.err());
        }
    }

    @Test
    void badAddresses() {
        Cli.Result noPort = Cli.run("admin", "ready", "--address", "localhost");
        assertEquals(2, noPort.code());
        assertEquals("proxyctl admin: invalid --address 'localhost': expected host:port (IPv6 as [addr]:port)\n", noPort.err());
        Cli.Result range = Cli.run("admin", "ready", "--address", "127.0.0.1:70000");
        assertEquals(2, range.code());
        assertEquals("proxyctl admin: admin port 70000 is out of range 1..65535\n", range.err());
        Cli.Result v6 = Cli.run("admin", "ready", "--address", "[::1:9901");
        assertEquals(2, v6.code());
        Cli.Result timeout = Cli.run("admin", "ready", "--timeout", "soon");
        assertEquals(2, timeout.code());
        assertTrue(timeout.err().contains("'soon' is not a duration"), timeout.err());
        Cli.Result unknownHost = Cli.run("admin", "ready", "--address", "no-such-host.invalid:9901", "--timeout", "2s");
        assertEquals(1, unknownHost.code());
        assertTrue(unknownHost.err().startsWith("proxyctl admin: cannot connect to no-such-host.invalid:9901: "), unknownHost.err());
    }

    @Test
    void addressFromTheConfigFile(@TempDir Path dir) throws Exception {
        try (RecordedEnvoyAdmin envoy = RecordedEnvoyAdmin.start()) {
            Path v3 = Files.writeString(dir.resolve("envoy.yaml"), """
                    admin:
                      address:
                        socket_address: { address: 0.0.0.0, port_value: %d }
                    static_resources:
                      clusters: [ this is not checked ]
                    """.formatted(envoy.port()));
            Cli.Result r = Cli.run("admin", "ready", "-c", v3.toString());
            assertEquals(0, r.code(), r::toString);
            assertEquals("LIVE\n", r.out());

            Path v2 = Files.writeString(dir.resolve("v2.yaml"), """
                    admin:
                      access_log_path: /tmp/admin_access.log
                      address:
                        socket_address:
                          protocol: TCP
                          address: 127.0.0.1
                          port_value: "%d"
                    static_resources:
                      listeners:
                      - name: listener_0
                        address: { socket_address: { address: 0.0.0.0, port_value: 10000 } }
                    """.formatted(envoy.port()));
            assertEquals(0, Cli.run("admin", "ready", "--config", v2.toString()).code());

            Path camel = Files.writeString(dir.resolve("envoy.json"),
                    "{\"admin\": {\"address\": {\"socketAddress\": {\"address\": \"127.0.0.1\", \"portValue\": " + envoy.port() + "}}}}");
            assertEquals(0, Cli.run("admin", "ready", "-c", camel.toString()).code());

            Cli.Result both = Cli.run("admin", "ready", "-c", v3.toString(), "--address", envoy.address());
            assertEquals(2, both.code());
            assertEquals("proxyctl admin: use either --address or -c/--config, not both\n", both.err());
        }
    }

    @Test
    void configFilesWithoutAUsableAdminAddress(@TempDir Path dir) throws Exception {
        assertConfigError(dir, "static_resources: {}\n", ": no 'admin' section, so that proxy runs no admin endpoint");
        assertConfigError(dir, "admin: { access_log_path: /dev/null }\n", ": 'admin' has no 'address', so that proxy runs no admin endpoint");
        assertConfigError(dir, "admin: { address: { pipe: { path: /run/envoy/admin.sock } } }\n",
                ": the admin endpoint listens on the unix socket '/run/envoy/admin.sock'; proxyctl admin connects over TCP only");
        assertConfigError(dir, "admin: { address: { socket_address: { address: 127.0.0.1, port_value: 0 } } }\n",
                ": the admin port is 0 (chosen by the OS at start); pass the real one with --address");
        assertConfigError(dir, "admin: { address: { socket_address: { address: 127.0.0.1, named_port: admin } } }\n",
                ": admin.address.socket_address needs an address and a port_value (named_port 'admin' cannot be resolved here)");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "admin:\n  address: [\n");
        Cli.Result syntax = Cli.run("admin", "clusters", "-c", broken.toString());
        assertEquals(2, syntax.code());
        assertTrue(syntax.err().matches("proxyctl admin: " + java.util.regex.Pattern.quote(broken.toString())
                + ":\\d+:\\d+: YAML syntax error: [^\n]*\n"), syntax.err());
        Cli.Result missing = Cli.run("admin", "ready", "-c", dir.resolve("absent.yaml").toString());
        assertEquals(2, missing.code());
        assertEquals("proxyctl admin: " + dir.resolve("absent.yaml") + ": no such file\n", missing.err());
    }

    /** {@code afterName} is what follows the file name in the message. */
    private static void assertConfigError(Path dir, String yaml, String afterName) throws Exception {
        Path f = Files.writeString(dir.resolve("f.yaml"), yaml);
        Cli.Result r = Cli.run("admin", "clusters", "-c", f.toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("proxyctl admin: " + f + afterName), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    private static String[] args(String command, String... more) {
        List<String> a = new java.util.ArrayList<>();
        a.add("admin");
        a.addAll(List.of(command.split(" ")));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }
}
