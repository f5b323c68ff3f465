package io.proxyctl.cli;

import picocli.CommandLine;

/**
 * Entry point. The only place that calls {@link System#exit}.
 *
 * <pre>
 * proxyctl validate envoy.yaml
 * proxyctl run -c envoy.yaml
 * </pre>
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code; used by tests and the shell. */
    public static int execute(String... args) {
        return ProxyctlCommand.commandLine().execute(args);
    }
}
