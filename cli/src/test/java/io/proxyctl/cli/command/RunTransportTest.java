package io.proxyctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.cli.CliRunner;
import io.proxyctl.cli.ProxyctlCommand;
import io.proxyctl.transport.Transport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code run --transport}: each transport this machine runs serves, and a bad value is a usage error. */
class RunTransportTest {
    static Stream<String> transports() {
        return Stream.concat(Stream.of("auto"),
                Arrays.stream(Transport.values()).filter(Transport::available).map(Transport::label));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void servesOnTheTransportAskedFor(String transport, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("envoy.yaml");
        Files.writeString(file, RunReloadProcessTest.config("ok"));
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = ProxyctlCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> cl.execute("run", "-c", file.toString(), "--concurrency", "1", "--transport", transport));
        String expected = transport.equals("auto") ? Transport.best().label() : transport;
        Pattern listener = Pattern.compile("listener 'ingress' listening on 127\\.0\\.0\\.1:(\\d+) \\(1 event loops, "
                + expected + "\\)");
        Pattern admin = Pattern.compile("admin listening on 127\\.0\\.0\\.1:(\\d+)");
        Matcher l = listener.matcher("");
        Matcher a = admin.matcher("");
        for (int i = 0; i < 1000 && !(l.reset(err.toString()).find() && a.reset(err.toString()).find()); i++) {
            Thread.sleep(10);
        }
        assertTrue(l.reset(err.toString()).find() && a.reset(err.toString()).find(), err::toString);
        HttpURLConnection get = (HttpURLConnection) URI.create("http://127.0.0.1:" + l.group(1) + "/").toURL()
                .openConnection();
        assertEquals(200, get.getResponseCode());
        HttpURLConnection quit = (HttpURLConnection) URI.create("http://127.0.0.1:" + a.group(1) + "/quitquitquit")
                .toURL().openConnection();
        quit.setRequestMethod("POST");
        assertEquals(200, quit.getResponseCode());
        assertEquals(0, run.get(20, TimeUnit.SECONDS), err::toString);
    }

    @Test
    void anUnknownTransportIsAUsageError() {
        CliRunner.Result r = CliRunner.run("run", "--transport", "kqueue");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("expected one of [auto, io_uring, epoll, nio]"), r.err());
    }
}
