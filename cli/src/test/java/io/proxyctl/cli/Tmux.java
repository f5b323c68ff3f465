package io.proxyctl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A detached tmux session: a real pseudo-terminal in which a test starts a program, types keys and reads the
 * screen. Each instance uses its own tmux server socket, so tests never touch a user's sessions.
 */
public final class Tmux implements AutoCloseable {
    private static final java.util.concurrent.atomic.AtomicInteger SESSIONS = new java.util.concurrent.atomic.AtomicInteger();
    private final Path dir;
    private final String socket;
    private final String config;
    private final String session = "t";

    /** Starts {@code command} (a shell command line) in a new 100x30 session with working directory {@code dir}. */
    public Tmux(Path dir, String command) throws IOException, InterruptedException {
        this.dir = dir;
        int n = SESSIONS.incrementAndGet();
        this.socket = dir.resolve("tmux-" + n + ".sock").toString();
        // keep the pane after the program exits, so its last screen can still be read
        Path conf = dir.resolve("tmux-" + n + ".conf");
        java.nio.file.Files.writeString(conf, "set-option -g remain-on-exit on\n");
        this.config = conf.toString();
        tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command);
    }

    private Shells.Run tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket, "-f", config));
        cmd.addAll(List.of(args));
        Shells.Run r = Shells.run(dir, cmd);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("tmux " + args[0] + ": " + r.err());
        }
        return r;
    }

    /** Types literal text (no key names are interpreted). */
    public void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", session, "-l", "--", text);
    }

    /** Sends key names: "Tab", "Enter", "C-c", "C-d", "Up". */
    public void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** The visible screen, trailing blank lines removed. */
    public String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", session).out().stripTrailing();
    }

    /** True once the program in the pane has exited. */
    public boolean dead() throws IOException, InterruptedException {
        return tmux("display-message", "-p", "-t", session, "#{pane_dead}").out().strip().equals("1");
    }

    /** Waits (up to 20 s) until the screen satisfies {@code condition}; returns the screen. */
    public String await(Predicate<String> condition, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String s = screen();
        while (!condition.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; screen:\n" + s);
            }
            Thread.sleep(50);
            s = screen();
        }
        return s;
    }

    /**
     * The screen once its last non-blank line ends with {@code text}. tmux does not capture trailing blanks, so
     * they are ignored; a test proves a completed trailing space by what it types next.
     */
    public String awaitLastLine(String text) throws IOException, InterruptedException {
        return await(s -> lastLine(s).endsWith(text.stripTrailing()), "last line '" + text + "'");
    }

    public static String lastLine(String screen) {
        String[] lines = screen.stripTrailing().split("\n");
        return lines[lines.length - 1];
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Shells.run(dir, List.of("tmux", "-S", socket, "kill-server"));
    }
}
