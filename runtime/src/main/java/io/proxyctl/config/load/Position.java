package io.proxyctl.config.load;

/** A 1-based line and column in a configuration file. */
public record Position(int line, int column) {
    /** Used where no position is known (for example a file that could not be read). */
    public static final Position UNKNOWN = new Position(0, 0);

    public boolean known() {
        return line > 0;
    }
}
