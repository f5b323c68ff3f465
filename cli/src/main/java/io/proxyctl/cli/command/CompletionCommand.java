package io.proxyctl.cli.command;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.completion.CompletionScript;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code proxyctl completion bash|zsh}: prints the shell completion script. */
@Command(name = "completion",
        header = "Print the shell completion script for bash or zsh.",
        description = {"Completes subcommands, options, option values (output formats, colour modes) and config file "
                + "names. zsh runs the same script through bashcompinit, which the script enables.", "",
                "Install for the current shell:",
                "  source <(proxyctl completion bash)",
                "  source <(proxyctl completion zsh)",
                "Install for good: add that line to ~/.bashrc or ~/.zshrc, or copy completions/proxyctl.bash to "
                        + "/etc/bash_completion.d/ (see completions/README.md)."},
        sortOptions = false)
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", defaultValue = "bash",
            description = "The shell: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Shell shell;

    /** Shells with completion. */
    public enum Shell { bash, zsh }

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        PrintWriter out = spec.commandLine().getOut();
        String script = CompletionScript.bash(root);
        if (shell == Shell.zsh) {
            script = "# proxyctl completion for zsh: the bash script below, run through bashcompinit (it enables it).\n"
                    + script;
        }
        // print + '\n', never println: a platform line separator would break the script
        out.print(script);
        out.flush();
        return ExitCodes.OK;
    }
}
