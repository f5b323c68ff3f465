package io.proxyctl.cli.shell;

import java.util.List;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.completer.FileNameCompleter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.shell.jline3.PicocliJLineCompleter;

/**
 * Tab completion in the shell: built-in shell commands and proxyctl's subcommands first, then picocli's
 * completion of options and option values, plus file names where a command takes config files.
 */
final class ShellCompleter implements Completer {
    private final CommandLine root;
    private final Set<String> builtins;
    private final Set<String> fileCommands;
    private final PicocliJLineCompleter picocli;
    private final FileNameCompleter files = new FileNameCompleter();

    ShellCompleter(CommandLine root, Set<String> builtins, Set<String> fileCommands) {
        this.root = root;
        this.builtins = builtins;
        this.fileCommands = fileCommands;
        this.picocli = new PicocliJLineCompleter(root.getCommandSpec());
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        if (line.wordIndex() == 0) {
            for (String b : builtins) {
                candidates.add(new Candidate(b, b, "shell", null, null, null, true));
            }
            for (String sub : root.getSubcommands().keySet()) {
                candidates.add(new Candidate(sub, sub, null, null, null, null, true));
            }
            return;
        }
        if (builtins.contains(words.get(0))) {
            return;
        }
        picocli.complete(reader, line, candidates);
        if (fileCommands.contains(words.get(0)) && !line.word().startsWith("-")
                && !expectsValue(words.get(0), words.get(line.wordIndex() - 1))) {
            files.complete(reader, line, candidates);
        }
    }

    /** True when {@code previous} is an option of {@code command} that takes a value (so the word is that value). */
    private boolean expectsValue(String command, String previous) {
        CommandLine sub = root.getSubcommands().get(command);
        if (sub == null || !previous.startsWith("-")) {
            return false;
        }
        CommandSpec spec = sub.getCommandSpec();
        OptionSpec option = spec.findOption(previous);
        return option != null && option.arity().max() > 0 && !option.typeInfo().isBoolean();
    }
}
