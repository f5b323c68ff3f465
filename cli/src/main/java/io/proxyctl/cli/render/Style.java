package io.proxyctl.cli.render;

/**
 * ANSI styling for terminal output, on or off as a whole. Off unless stdout is a terminal, and always off when
 * {@code NO_COLOR} is set (https://no-color.org); JSON output is never styled.
 */
public final class Style {
    public static final Style PLAIN = new Style(false);
    public static final Style COLOR = new Style(true);
    private final boolean on;

    private Style(boolean on) {
        this.on = on;
    }

    /** The values of {@code --color}, offered by shell completion. */
    public static final class Modes extends java.util.ArrayList<String> {
        public Modes() {
            super(java.util.List.of("auto", "always", "never"));
        }
    }

    /** Chooses by the {@code --color} option value: always, never or auto. */
    public static Style choose(String mode) {
        if ("always".equals(mode)) {
            return COLOR;
        }
        if ("never".equals(mode)) {
            return PLAIN;
        }
        String noColor = System.getenv("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return PLAIN;
        }
        return System.console() != null && !"dumb".equals(System.getenv("TERM")) ? COLOR : PLAIN;
    }

    public boolean enabled() {
        return on;
    }

    public String red(String s) {
        return wrap("1;31", s);
    }

    public String yellow(String s) {
        return wrap("1;33", s);
    }

    public String cyan(String s) {
        return wrap("1;36", s);
    }

    public String green(String s) {
        return wrap("1;32", s);
    }

    public String bold(String s) {
        return wrap("1", s);
    }

    public String dim(String s) {
        return wrap("2", s);
    }

    private String wrap(String code, String s) {
        return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
