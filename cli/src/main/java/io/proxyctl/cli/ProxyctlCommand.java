package io.proxyctl.cli;

import io.proxyctl.cli.admin.AdminCommand;
import io.proxyctl.cli.command.CompletionCommand;
import io.proxyctl.cli.command.ConvertCommand;
import io.proxyctl.cli.command.DiffCommand;
import io.proxyctl.cli.command.RunCommand;
import io.proxyctl.cli.command.SchemaCommand;
import io.proxyctl.cli.command.ShellCommand;
import io.proxyctl.cli.command.ValidateCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The root {@code proxyctl} command: global options, the subcommand list, error and exit-code policy. */
@Command(name = "proxyctl",
        mixinStandardHelpOptions = true,
        // every subcommand gets -h/--help and -V/--version (the usage error message points users at --help)
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        sortOptions = false,
        header = "Validate, run and inspect Envoy-style proxy configurations.",
        description = {"", "proxyctl reads Envoy bootstrap files (envoy.yaml, v3 or v2 API), says whether Envoy would accept "
                + "them and where each problem is, serves them with an embedded Netty proxy, and inspects running proxies.", ""},
        subcommands = {ValidateCommand.class,
            RunCommand.class,
            AdminCommand.class,
            SchemaCommand.class,
            DiffCommand.class,
            ConvertCommand.class,
            CompletionCommand.class,
            ShellCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (config valid, command done)", "1:failure (config invalid, request failed, ...)",
            "2:usage error or unreadable input"},
        footer = {"", "Run 'proxyctl help <command>' for a command's options and examples."})
public final class ProxyctlCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of unexpected errors (for bug reports).")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the configured command line: exit codes, one-line errors. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ProxyctlCommand());
        cl.setExitCodeExceptionMapper(t -> ExitCodes.FAILURE);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("proxyctl " + commandLine.getCommandName() + ": " + oneLine(ex));
            if (parseResult.hasMatchedOption("--verbose")) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ex instanceof UsageException ? ExitCodes.USAGE : ExitCodes.FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("proxyctl: " + ex.getMessage());
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        return m.replaceAll("\\s*\\R\\s*", " ");
    }

    /** An error in how the command was called (exit code 2). */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
