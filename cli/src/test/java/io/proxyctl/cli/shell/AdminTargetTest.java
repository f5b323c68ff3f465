package io.proxyctl.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class AdminTargetTest {
    @Command(name = "root", subcommands = {Admin.class, Other.class})
    static class Root implements Runnable {
        @Override
        public void run() {
        }
    }

    @Command(name = "admin", subcommands = {Clusters.class})
    static class Admin implements Runnable {
        @Override
        public void run() {
        }
    }

    @Command(name = "clusters")
    static class Clusters implements Runnable {
        @Option(names = {"-a", "--address"})
        String address;
        @Option(names = {"-c", "--config"})
        String config;
        @Option(names = "-o")
        String output;

        @Override
        public void run() {
        }
    }

    @Command(name = "other")
    static class Other implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void fillsTheAddressOfAdminCommands() {
        CommandLine root = new CommandLine(new Root());
        AdminTarget t = new AdminTarget();
        assertEquals(List.of("admin", "clusters"), t.apply(root, List.of("admin", "clusters")), "not connected");
        t.connect("10.0.0.1:9901");
        assertEquals(List.of("admin", "clusters", "--address", "10.0.0.1:9901", "-o", "json"),
                t.apply(root, List.of("admin", "clusters", "-o", "json")));
        assertEquals(List.of("admin", "clusters", "-a", "x:1"), t.apply(root, List.of("admin", "clusters", "-a", "x:1")));
        assertEquals(List.of("admin", "clusters", "--address=x:1"), t.apply(root, List.of("admin", "clusters", "--address=x:1")));
        assertEquals(List.of("admin", "clusters", "-c", "e.yaml"), t.apply(root, List.of("admin", "clusters", "-c", "e.yaml")));
        assertEquals(List.of("other"), t.apply(root, List.of("other")), "commands without --address are untouched");
        assertEquals(List.of("admin"), t.apply(root, List.of("admin")));
        t.disconnect();
        assertEquals(List.of("admin", "clusters"), t.apply(root, List.of("admin", "clusters")));
        CommandLine parsed = new CommandLine(new Root());
        t.connect("h:1");
        parsed.parseArgs(t.apply(parsed, List.of("admin", "clusters")).toArray(String[]::new));
        Clusters c = parsed.getSubcommands().get("admin").getSubcommands().get("clusters").getCommand();
        assertEquals("h:1", c.address);
    }
}
