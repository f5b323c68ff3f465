package io.proxyctl.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** server-info, ready, and the POST-only commands: healthcheck, reset-counters, logging, drain, quit. */
class ControlCommandsTest {
    private RecordedEnvoyAdmin envoy;

    @BeforeEach
    void start() {
        envoy = RecordedEnvoyAdmin.start();
    }

    @AfterEach
    void stop() {
        envoy.close();
    }

    @Test
    void serverInfoInEveryFormat() {
        Cli.Result table = Cli.run("admin", "server-info", "-a", envoy.address());
        assertEquals(0, table.code(), table::toString);
        assertEquals("""
                FIELD                  VALUE
                version                cc4a75482810de4b84c301d13deb551bd3147339/1.31.2/Clean/RELEASE/BoringSSL
                state                  LIVE
                uptime                 3127s
                uptime all epochs      3127s
                hot restart version    11.104
                node id                front-envoy
                node cluster           front-proxy
                concurrency            2
                config path            /etc/front-envoy.yaml
                log level              info
                drain time             600s
                parent shutdown time   900s
                mode                   Serve
                base id                0
                restart epoch          0
                """, table.out());
        Cli.Result json = Cli.run("admin", "server-info", "-a", envoy.address(), "-o", "json");
        assertEquals(JsonParser.parse(RecordedEnvoyAdmin.fixture("server_info.json")), JsonParser.parse(json.out()));
        Cli.Result yaml = Cli.run("admin", "server-info", "-a", envoy.address(), "-o", "yaml");
        assertEquals(JsonParser.parse(json.out()), Cli.yaml(yaml.out()));
        Cli.Result raw = Cli.run("admin", "server-info", "-a", envoy.address(), "-o", "raw");
        assertEquals(RecordedEnvoyAdmin.fixture("server_info.json"), raw.out());
        assertTrue(envoy.requests().stream().allMatch("GET /server_info"::equals), envoy.requests()::toString);
    }

    @Test
    void readyExitCodeFollowsTheState() {
        Cli.Result live = Cli.run("admin", "ready", "-a", envoy.address());
        assertEquals(0, live.code(), live::toString);
        assertEquals("LIVE\n", live.out());
        assertEquals("LIVE\n", Cli.run("admin", "ready", "-a", envoy.address(), "-o", "raw").out());
        assertEquals(Map.of("ready", true, "state", "LIVE"), JsonParser.parse(Cli.run("admin", "ready", "-a", envoy.address(), "-o", "json").out()));

        envoy.state = "DRAINING";
        Cli.Result draining = Cli.run("admin", "ready", "-a", envoy.address());
        assertEquals(1, draining.code(), draining::toString);
        assertEquals("DRAINING\n", draining.out());
        assertEquals("", draining.err());
        Cli.Result yaml = Cli.run("admin", "ready", "-a", envoy.address(), "-o", "yaml");
        assertEquals(1, yaml.code());
        assertEquals("ready: false\nstate: DRAINING\n", yaml.out());
        assertEquals(List.of("GET /ready"), envoy.requests().stream().distinct().toList());
    }

    @ParameterizedTest
    @CsvSource({
        "healthcheck fail, /healthcheck/fail, OK: health checks now fail (the proxy is DRAINING)",
        "healthcheck ok, /healthcheck/ok, OK: health checks pass again",
        "reset-counters, /reset_counters, OK: counters reset",
        "quit, /quitquitquit, OK: the proxy is shutting down",
        "drain, /drain_listeners, OK: draining listeners",
        "drain --graceful --inbound-only, /drain_listeners?graceful&inboundonly, OK: draining inbound listeners gracefully",
        "drain --graceful --skip-exit, /drain_listeners?graceful&skip_exit, OK: draining listeners gracefully",
    })
    void mutationsArePostsInEveryFormat(String command, String target, String message) {
        String[] args = ("admin " + command + " -a " + envoy.address()).split(" ");
        Cli.Result table = Cli.run(args);
        assertEquals(0, table.code(), table::toString);
        assertEquals(message + "\n", table.out());
        assertEquals(List.of("POST " + target), envoy.requests());

        Cli.Result raw = Cli.run(concat(args, "-o", "raw"));
        assertEquals("OK\n", raw.out());
        Cli.Result json = Cli.run(concat(args, "-o", "json"));
        assertEquals(Map.of("request", "POST " + target, "status", 200L, "reply", "OK"), JsonParser.parse(json.out()));
        Cli.Result yaml = Cli.run(concat(args, "-o", "yaml"));
        assertEquals(JsonParser.parse(json.out()), Cli.yaml(yaml.out()));
        assertEquals(4, envoy.requests().size());
        assertTrue(envoy.requests().stream().allMatch(("POST " + target)::equals), envoy.requests()::toString);
    }

    @Test
    void usageErrorsOfMutations() {
        assertEquals(2, Cli.run("admin", "healthcheck", "-a", envoy.address()).code());
        assertEquals(2, Cli.run("admin", "healthcheck", "maybe", "-a", envoy.address()).code());
        Cli.Result skip = Cli.run("admin", "drain", "--skip-exit", "-a", envoy.address());
        assertEquals(2, skip.code());
        assertEquals("proxyctl admin: --skip-exit requires --graceful\n", skip.err());
        assertEquals(List.of(), envoy.requests());
    }

    @Test
    void loggingListsAndChangesLevels() {
        Cli.Result list = Cli.run("admin", "logging", "-a", envoy.address());
        assertEquals(0, list.code(), list::toString);
        assertEquals("LOGGER       LEVEL\nadmin        info\nclient       info\nconfig       info\nconnection   info\n"
                + "http         info\nhttp2        info\nmain         info\nrouter       info\nupstream     info\n", list.out());
        assertEquals(List.of("POST /logging"), envoy.requests());

        Cli.Result all = Cli.run("admin", "logging", "-a", envoy.address(), "--level", "warn", "-o", "json");
        assertEquals(0, all.code(), all::toString);
        assertEquals("POST /logging?level=warning", envoy.requests().get(1));
        assertEquals("warning", Tree.at(JsonParser.parse(all.out()), "active_loggers", "http"));

        Cli.Result two = Cli.run("admin", "logging", "-a", envoy.address(), "http=debug", "router=trace", "-o", "yaml");
        assertEquals(0, two.code(), two::toString);
        assertEquals(List.of("POST /logging?http=debug", "POST /logging?router=trace"), envoy.requests().subList(2, 4));
        Map<String, Object> levels = Tree.map(Tree.at(Cli.yaml(two.out()), "active_loggers"));
        assertEquals("debug", levels.get("http"));
        assertEquals("trace", levels.get("router"));
        assertEquals("warning", levels.get("admin"));

        Cli.Result raw = Cli.run("admin", "logging", "-a", envoy.address(), "-o", "raw");
        assertTrue(raw.out().startsWith("active loggers:\n  admin: warning\n"), raw.out());
    }

    @Test
    void loggingErrors() {
        Cli.Result badLevel = Cli.run("admin", "logging", "-a", envoy.address(), "--level", "loud");
        assertEquals(2, badLevel.code());
        assertEquals("proxyctl admin: unknown log level 'loud' (trace, debug, info, warning, error, critical, off)\n", badLevel.err());
        Cli.Result badArg = Cli.run("admin", "logging", "-a", envoy.address(), "http");
        assertEquals(2, badArg.code());
        assertEquals("proxyctl admin: expected NAME=LEVEL, got 'http'\n", badArg.err());
        assertEquals(List.of(), envoy.requests());

        Cli.Result unknown = Cli.run("admin", "logging", "-a", envoy.address(), "nosuchlogger=debug");
        assertEquals(1, unknown.code());
        assertEquals("proxyctl admin: POST /logging?nosuchlogger=debug: rejected by the proxy (unknown logger or level)\n", unknown.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
