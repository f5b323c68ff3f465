package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.ProxyctlCommand.UsageException;
import io.proxyctl.cli.render.YamlWriter;
import io.proxyctl.common.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every {@code proxyctl admin} subcommand: the target and output options, and the error policy. Failures
 * print one line, {@code proxyctl admin: <what>}, and exit 1; usage problems exit 2. Output goes through the
 * command line's writers so tests and the shell can capture it.
 */
abstract class AdminSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AdminTargetOptions target;

    @Mixin
    OutputOptions output;

    @Override
    public final Integer call() {
        try {
            int rc = execute();
            out().flush();
            return rc;
        } catch (AdminException e) {
            return fail(e.getMessage(), ExitCodes.FAILURE);
        } catch (UsageException e) {
            return fail(e.getMessage(), ExitCodes.USAGE);
        }
    }

    /** Does the work; throws {@link AdminException} or {@link UsageException} for the one-line errors. */
    abstract int execute();

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    OutputFormat format() {
        return output.format();
    }

    private int fail(String message, int code) {
        out().flush();
        err().println("proxyctl admin: " + message.replaceAll("\\s*\\R\\s*", " "));
        err().flush();
        return code;
    }

    /** Prints a tree as JSON or YAML (the caller handles table and raw). */
    void emitTree(Object tree) {
        if (format() == OutputFormat.yaml) {
            out().print(YamlWriter.write(tree));
        } else {
            out().print(Json.pretty(tree));
            out().print('\n');
        }
    }

    /** Prints text, adding the final newline when it lacks one. */
    void printText(String s) {
        out().print(s);
        if (!s.isEmpty() && !s.endsWith("\n")) {
            out().print('\n');
        }
    }
}
