package io.proxyctl.cli.command;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.ProxyctlCommand;
import io.proxyctl.cli.completion.CompletionScript;
import io.proxyctl.cli.shell.InteractiveShell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import picocli.CommandLine.Command;

/** {@code proxyctl shell}: the interactive shell. */
@Command(name = "shell",
        header = "Interactive shell over the same commands, with Tab completion and history.",
        description = {"Type commands without the 'proxyctl' prefix: validate, diff, convert, admin ... Tab completes "
                + "commands, options, values and file names; history is kept in ~/.proxyctl_history. "
                + "'connect HOST:PORT' remembers an admin endpoint for later admin commands. Ctrl-C cancels the "
                + "line (or the running command), Ctrl-D or 'exit' leaves.", "",
                "Example session:",
                "  proxyctl> validate envoy.yaml",
                "  proxyctl> connect 127.0.0.1:9901",
                "  proxyctl 127.0.0.1:9901> diff envoy.yaml http://127.0.0.1:9901"},
        sortOptions = false)
public final class ShellCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Path history = Path.of(System.getProperty("user.home"), ".proxyctl_history");
        try (Terminal terminal = terminal()) {
            new InteractiveShell(terminal, ProxyctlCommand::commandLine, Set.copyOf(CompletionScript.fileArguments()),
                    history).run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }

    /** The user's terminal; with input from a pipe, a plain line reader over the standard streams. */
    private static Terminal terminal() throws IOException {
        if (System.console() != null) {
            return TerminalBuilder.builder().name("proxyctl").system(true).build();
        }
        // a system terminal cannot be had here; asking for one only makes JLine log a warning first
        return new DumbTerminal("proxyctl", Terminal.TYPE_DUMB, System.in, System.out, StandardCharsets.UTF_8);
    }
}
