package io.proxyctl.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.cli.ProxyctlCommand;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every admin subcommand documents itself: a header, examples, and a description on every option. */
class AdminHelpTest {
    static final Set<String> SUBCOMMANDS = Set.of("stats", "clusters", "listeners", "routes", "config-dump", "server-info",
            "ready", "healthcheck", "reset-counters", "logging", "drain", "reload", "quit");

    @Test
    void adminIsRegisteredWithEverySubcommand() {
        CommandLine admin = ProxyctlCommand.commandLine().getSubcommands().get("admin");
        assertEquals(SUBCOMMANDS, admin.getSubcommands().keySet().stream().filter(n -> !n.equals("help"))
                .collect(java.util.stream.Collectors.toSet()));
        Cli.Result r = Cli.run("admin");
        assertEquals(0, r.code());
        for (String s : SUBCOMMANDS) {
            assertTrue(r.out().contains("\n  " + s + " "), s + " missing from:\n" + r.out());
        }
    }

    @Test
    void everySubcommandHasHelpWithExamples() {
        for (String name : SUBCOMMANDS) {
            Cli.Result r = Cli.run("admin", name, "--help");
            assertEquals(0, r.code(), name);
            assertTrue(r.out().contains("Examples:\n  proxyctl admin " + name), name + ":\n" + r.out());
            CommandLine.Model.CommandSpec spec = ProxyctlCommand.commandLine().getSubcommands().get("admin")
                    .getSubcommands().get(name).getCommandSpec();
            assertTrue(spec.usageMessage().header().length > 0, name);
            for (CommandLine.Model.OptionSpec o : spec.options()) {
                assertTrue(o.description().length > 0 && !o.description()[0].isBlank(), name + " " + o.longestName());
            }
            List<String> common = List.of("--address", "--config", "--timeout", "--output");
            for (String c : common) {
                assertTrue(spec.findOption(c) != null, name + " lacks " + c);
            }
        }
    }
}
