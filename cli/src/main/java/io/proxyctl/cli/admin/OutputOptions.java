package io.proxyctl.cli.admin;

import picocli.CommandLine.Option;

/** The {@code -o/--output} option of {@code proxyctl admin} commands. */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). raw prints the admin reply unchanged.")
    OutputFormat format;

    public OutputFormat format() {
        return format;
    }
}
