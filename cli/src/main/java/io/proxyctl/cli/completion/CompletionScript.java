package io.proxyctl.cli.completion;

import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The bash completion script of proxyctl (zsh runs it through {@code bashcompinit}, which the script sets up).
 * picocli generates it from the command tree; proxyctl then adds file-name completion for positional arguments
 * that are config files but typed as strings (because they may also be "-" or {@code http://host:port}).
 * {@code completions/proxyctl.bash} in the repository is this script; a test keeps the two in step.
 */
public final class CompletionScript {
    /** Subcommands whose positional arguments are config files (or URLs), completed as file names. */
    static final List<String> FILE_ARGUMENTS = List.of("validate", "diff", "convert");

    private static final String PICOCLI_POSITIONALS = """
                local positionals=""
                local IFS=$'\\n'
                COMPREPLY=( $(compgen -W "${commands// /$'\\n'}${IFS}${positionals}" -- "${curr_word}") )
            """;
    private static final String FILE_POSITIONALS = """
                local positionals=""
                # proxyctl: config files (the argument may also be '-' or http://host:port) complete as file names
                type compopt &>/dev/null && compopt -o filenames
                positionals=$( compgen -f -- "${curr_word}" )
                local IFS=$'\\n'
                COMPREPLY=( $(compgen -W "${commands// /$'\\n'}${IFS}${positionals}" -- "${curr_word}") )
            """;

    private CompletionScript() {
    }

    /** Subcommands whose positional arguments are config files. */
    public static List<String> fileArguments() {
        return FILE_ARGUMENTS;
    }

    /** The script for the given root command line, ending with one newline. */
    public static String bash(CommandLine root) {
        String script = AutoComplete.bash("proxyctl", root);
        for (String sub : FILE_ARGUMENTS) {
            if (root.getSubcommands().containsKey(sub)) {
                script = fileCompletion(script, "_picocli_proxyctl_" + sub);
            }
        }
        return script.stripTrailing() + "\n";
    }

    /** Replaces the static positional candidates of one function by file names. */
    private static String fileCompletion(String script, String function) {
        int start = script.indexOf("function " + function + "() {");
        int end = script.indexOf("\n}\n", start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("no function " + function + " in the generated completion script");
        }
        String body = script.substring(start, end);
        if (body.contains("positionals=$( compgen -f")) {
            return script; // picocli already completes files (a File or Path parameter)
        }
        if (!body.contains(PICOCLI_POSITIONALS)) {
            throw new IllegalStateException("picocli's positional completion in " + function
                    + " has an unexpected shape; update CompletionScript for this picocli version");
        }
        return script.substring(0, start) + body.replace(PICOCLI_POSITIONALS, FILE_POSITIONALS) + script.substring(end);
    }
}
