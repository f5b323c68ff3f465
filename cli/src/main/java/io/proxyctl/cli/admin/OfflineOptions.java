package io.proxyctl.cli.admin;

import picocli.CommandLine.Option;

/** The {@code --file} option: inspect a saved config dump instead of a live admin endpoint (istioctl's offline mode). */
public final class OfflineOptions {
    @Option(names = {"-f", "--file"}, paramLabel = "DUMP",
            description = "Read a saved config dump (JSON from /config_dump, or YAML) instead of asking a live endpoint; '-' reads standard input.")
    String file;

    public boolean offline() {
        return file != null;
    }

    public ConfigDump read() {
        return ConfigDumpReader.fromFile(file, System.in);
    }
}
