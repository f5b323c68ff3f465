package io.proxyctl.cli;

/** proxyctl's exit codes, the same for every command. */
public final class ExitCodes {
    /** Success: the config is valid, the command did what it was asked. */
    public static final int OK = 0;
    /** Failure: invalid config, differences found, a request failed, the server could not start. */
    public static final int FAILURE = 1;
    /** Usage: bad flags or arguments, or an input path that cannot be read. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
