package io.proxyctl.cli.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import picocli.CommandLine;

/**
 * The read-eval loop of {@code proxyctl shell}. Each line runs on a fresh command tree (so no option leaks from
 * one command into the next), with output on the terminal. Ctrl-C at the prompt drops the line, Ctrl-C while a
 * command runs interrupts it, Ctrl-D (or {@code exit}) leaves. History is kept in {@code ~/.proxyctl_history}.
 */
public final class InteractiveShell {
    /** Commands handled by the shell itself. */
    static final Set<String> BUILTINS = new LinkedHashSet<>(List.of("connect", "disconnect", "help", "exit", "quit"));
    /** Commands that make no sense inside the shell. */
    static final Set<String> EXCLUDED = Set.of("shell", "run");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.\\-]+):\\d{1,5}");

    private final Terminal terminal;
    private final Supplier<CommandLine> commands;
    private final Set<String> fileCommands;
    private final Path historyFile;
    private final AdminTarget target = new AdminTarget();
    private final PrintWriter out;

    /**
     * @param commands     builds a fresh root command line (the shell removes {@link #EXCLUDED} from it)
     * @param fileCommands subcommands whose arguments complete as file names
     * @param historyFile  where history persists
     */
    public InteractiveShell(Terminal terminal, Supplier<CommandLine> commands, Set<String> fileCommands, Path historyFile) {
        this.terminal = terminal;
        this.commands = commands;
        this.fileCommands = fileCommands;
        this.historyFile = historyFile;
        this.out = terminal.writer();
    }

    /** Runs until Ctrl-D or {@code exit}. */
    public void run() {
        LineReader reader = LineReaderBuilder.builder()
                .appName("proxyctl")
                .terminal(terminal)
                .completer(new ShellCompleter(tree(), BUILTINS, fileCommands))
                .parser(new DefaultParser())
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.HISTORY_SIZE, 1000)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .build();
        out.println("proxyctl shell: Tab completes, Ctrl-C cancels the line, Ctrl-D exits. 'help' lists commands.");
        out.flush();
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt());
            } catch (UserInterruptException e) {
                continue; // Ctrl-C: the line is dropped, as in bash
            } catch (EndOfFileException e) {
                break;
            }
            List<String> words = new ArrayList<>(reader.getParsedLine().words());
            words.removeIf(String::isEmpty);
            if (words.isEmpty()) {
                continue;
            }
            if (!execute(words)) {
                break;
            }
        }
        save(reader.getHistory());
    }

    private String prompt() {
        return target.address() == null ? "proxyctl> " : "proxyctl " + target.address() + "> ";
    }

    /** Runs one command line; false when the shell should end. */
    boolean execute(List<String> words) {
        String first = words.get(0);
        switch (first) {
            case "exit", "quit" -> {
                return false;
            }
            case "connect" -> connect(words);
            case "disconnect" -> {
                target.disconnect();
                out.println("disconnected");
            }
            case "help" -> help(words);
            default -> {
                if (EXCLUDED.contains(first)) {
                    out.println("proxyctl: '" + first + "' is not available inside the shell; run 'proxyctl " + first
                            + "' from your terminal");
                } else {
                    runCommand(words);
                }
            }
        }
        out.flush();
        return true;
    }

    private void connect(List<String> words) {
        if (words.size() == 1) {
            out.println(target.address() == null ? "not connected (admin commands use their default, 127.0.0.1:9901)"
                    : "connected to " + target.address());
            return;
        }
        String address = words.get(1).replaceFirst("^https?://", "").replaceFirst("/+$", "");
        if (words.size() > 2 || !HOST_PORT.matcher(address).matches()) {
            out.println("usage: connect HOST:PORT   (for example: connect 127.0.0.1:9901)");
            return;
        }
        target.connect(address);
        out.println("admin commands now go to " + address + " (until 'disconnect')");
    }

    private void help(List<String> words) {
        if (words.size() > 1) {
            runCommand(words);
            return;
        }
        CommandLine cl = tree();
        cl.usage(out);
        out.println();
        out.println("Shell commands:");
        out.println("  connect HOST:PORT  Send later admin commands to this admin endpoint (sets their --address).");
        out.println("  connect            Show the connected endpoint.");
        out.println("  disconnect         Forget it.");
        out.println("  exit, quit, Ctrl-D Leave the shell.");
    }

    private void runCommand(List<String> words) {
        CommandLine cl = tree();
        cl.setOut(out);
        cl.setErr(out);
        List<String> args = target.apply(cl, words);
        Thread worker = Thread.currentThread();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> worker.interrupt());
        try {
            cl.execute(args.toArray(String[]::new));
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            Thread.interrupted(); // a Ctrl-C that arrived as the command finished must not hit the next read
        }
    }

    private CommandLine tree() {
        CommandLine cl = commands.get();
        for (String name : EXCLUDED) {
            if (cl.getSubcommands().containsKey(name)) {
                cl.getCommandSpec().removeSubcommand(name);
            }
        }
        return cl;
    }

    private void save(History history) {
        try {
            history.save();
        } catch (IOException e) {
            out.println("proxyctl shell: could not save history to " + historyFile + ": " + e.getMessage());
            out.flush();
        }
    }
}
