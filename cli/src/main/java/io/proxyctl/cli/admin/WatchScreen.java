package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The full-screen live stats view on a JLine terminal (alternate screen, raw keyboard). A background thread samples
 * the admin endpoint every interval; this thread reads keys and redraws. '/' edits the filter (the view follows
 * each keystroke), Enter keeps it, Esc clears it, 'q' or Ctrl-C quits. The terminal is restored on every exit path.
 */
final class WatchScreen {
    private static final int CTRL_C = 3;
    private static final int CTRL_U = 21;
    private static final int ESC = 27;
    private static final int FIXED_COLUMNS = 9 + 20 + 10 + 8 + 8 + 5 * 2;

    private final StatsWatch watch;
    private final AtomicReference<WatchFrame> frame = new AtomicReference<>(WatchFrame.EMPTY);
    private volatile boolean quit;
    private volatile boolean dirty = true;
    private final StringBuilder filter = new StringBuilder();
    private boolean editing;

    WatchScreen(StatsWatch watch) {
        this.watch = watch;
    }

    /** True when standard input and output are an interactive terminal that can show a full-screen view. */
    static boolean available() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.isEmpty() && !term.equals("dumb");
    }

    int run() {
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).build();
        } catch (IOException e) {
            return watch.runPlain();
        }
        if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            close(terminal);
            return watch.runPlain();
        }
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "proxyctl-stats-watch");
            t.setDaemon(true);
            return t;
        });
        Attributes saved = terminal.enterRawMode();
        Terminal.SignalHandler oldInt = terminal.handle(Terminal.Signal.INT, s -> quit = true);
        Terminal.SignalHandler oldWinch = terminal.handle(Terminal.Signal.WINCH, s -> dirty = true);
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.cursor_invisible);
        try {
            sampler.execute(() -> start(sampler));
            loop(terminal);
        } finally {
            sampler.shutdownNow();
            terminal.puts(Capability.cursor_normal);
            terminal.puts(Capability.exit_ca_mode);
            terminal.flush();
            terminal.handle(Terminal.Signal.INT, oldInt);
            terminal.handle(Terminal.Signal.WINCH, oldWinch);
            terminal.setAttributes(saved);
            close(terminal);
        }
        return ExitCodes.OK;
    }

    /** Runs on the sampler thread: learns the stat kinds once, then samples at a fixed rate. */
    private void start(ScheduledExecutorService sampler) {
        WatchModel model = new WatchModel(StatKinds.resolve(watch.client(), watch.selection()));
        long every = watch.interval().toNanos();
        sampler.scheduleAtFixedRate(() -> sample(model), 0, every, TimeUnit.NANOSECONDS);
    }

    private void sample(WatchModel model) {
        LocalTime now = LocalTime.now().truncatedTo(ChronoUnit.SECONDS);
        try {
            List<Stat> stats = StatsFetcher.fetch(watch.client(), watch.selection());
            List<WatchModel.Row> rows = model.update(stats, System.nanoTime());
            frame.set(new WatchFrame(rows, model.samples(), now, null));
        } catch (AdminException e) {
            frame.set(frame.get().withError(e.getMessage(), now));
        } catch (RuntimeException e) {
            frame.set(frame.get().withError(String.valueOf(e.getMessage()), now));
        }
        dirty = true;
    }

    private void loop(Terminal terminal) {
        NonBlockingReader reader = terminal.reader();
        WatchFrame shown = null;
        while (!quit) {
            WatchFrame f = frame.get();
            if (dirty || f != shown) {
                dirty = false;
                shown = f;
                draw(terminal, f);
            }
            if (watch.count() != null && f.samples() >= watch.count()) {
                return;
            }
            int c;
            try {
                c = reader.read(100L);
            } catch (IOException e) {
                return;
            }
            if (c == NonBlockingReader.EOF) {
                return;
            }
            if (c >= 0) {
                key(reader, c);
                dirty = true;
            }
        }
    }

    private void key(NonBlockingReader reader, int c) {
        if (c == CTRL_C) {
            quit = true;
        } else if (c == ESC) {
            if (swallowEscapeSequence(reader)) {
                return;
            }
            filter.setLength(0);
            editing = false;
        } else if (editing) {
            if (c == '\r' || c == '\n') {
                editing = false;
            } else if (c == 127 || c == 8) {
                if (filter.length() > 0) {
                    filter.setLength(filter.length() - 1);
                }
            } else if (c == CTRL_U) {
                filter.setLength(0);
            } else if (c >= 32) {
                filter.append((char) c);
            }
        } else if (c == 'q' || c == 'Q') {
            quit = true;
        } else if (c == '/') {
            editing = true;
        }
    }

    /** Arrow and function keys arrive as ESC [ ...; they are ignored. Returns true when one was consumed. */
    private static boolean swallowEscapeSequence(NonBlockingReader reader) {
        try {
            int next = reader.peek(30L);
            if (next != '[' && next != 'O') {
                return false;
            }
            reader.read();
            int c;
            do {
                c = reader.read(30L);
            } while (c >= 0 && !(c >= '@' && c <= '~'));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void draw(Terminal terminal, WatchFrame f) {
        Size size = terminal.getSize();
        int height = Math.max(size.getRows(), 6);
        int width = Math.max(size.getColumns(), 60);
        List<AttributedString> lines = lines(f, width, height);
        PrintWriter w = terminal.writer();
        for (int i = 0; i < height; i++) {
            terminal.puts(Capability.cursor_address, i, 0);
            if (i < lines.size()) {
                w.print(lines.get(i).columnSubSequence(0, width).toAnsi(terminal));
            }
            terminal.puts(Capability.clr_eol);
        }
        terminal.flush();
    }

    /** The screen's lines; package-private so the layout can be checked without a terminal. */
    List<AttributedString> lines(WatchFrame f, int width, int height) {
        List<AttributedString> out = new ArrayList<>();
        String title = "proxyctl admin stats --watch   " + watch.client().address() + "   every "
                + DurationConverter.format(watch.interval()) + "   sample " + f.samples()
                + (f.time() == null ? "" : "   " + f.time());
        out.add(new AttributedString(pad(title, width), AttributedStyle.INVERSE));
        Predicate<String> match = matcher(filter.toString());
        List<WatchModel.Row> rows = f.rows().stream().filter(r -> match.test(r.name())).toList();
        String keys = editing ? "   (typing: Enter keeps, Esc clears)" : "   ('/' filter, Esc clear, q quit)";
        String filterLine = "filter: " + (filter.length() == 0 && !editing ? "(none)" : filter + (editing ? "_" : ""))
                + keys + "   " + rows.size() + " of " + f.rows().size() + " stats";
        out.add(new AttributedString(filterLine));
        out.add(f.error() == null ? new AttributedString("")
                : new AttributedString("error: " + f.error(), AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold()));
        int nameWidth = Math.max(20, width - FIXED_COLUMNS);
        out.add(new AttributedString(row(nameWidth, "NAME", "KIND", "VALUE", "RATE/s", "P50", "P99"), AttributedStyle.BOLD));
        for (WatchModel.Row r : rows) {
            if (out.size() >= height) {
                break;
            }
            AttributedStringBuilder b = new AttributedStringBuilder();
            AttributedStyle style = r.activity() > 0 ? AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN) : AttributedStyle.DEFAULT;
            b.style(style).append(row(nameWidth, r.name(), r.kind().name(), r.value(), WatchModel.rate(r),
                    StatsFormat.number(r.p50()), StatsFormat.number(r.p99())));
            out.add(b.toAttributedString());
        }
        if (f.samples() == 0 && f.error() == null) {
            out.add(new AttributedString("waiting for the first sample ..."));
        }
        return out;
    }

    private static String row(int nameWidth, String name, String kind, String value, String rate, String p50, String p99) {
        return fit(name, nameWidth) + "  " + fit(kind, 9) + "  " + fitRight(value, 20) + "  " + fitRight(rate, 10)
                + "  " + fitRight(p50, 8) + "  " + fitRight(p99, 8);
    }

    /** Left-aligned; long names lose their beginning, since a stat name's end says what it counts. */
    private static String fit(String s, int w) {
        if (s.length() > w) {
            return "~" + s.substring(s.length() - w + 1);
        }
        return s + " ".repeat(w - s.length());
    }

    private static String fitRight(String s, int w) {
        if (s.length() > w) {
            return s.substring(0, w);
        }
        return " ".repeat(w - s.length()) + s;
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    /** The typed filter as a case-insensitive regex; while it is not a valid one (mid-typing), as plain text. */
    static Predicate<String> matcher(String text) {
        if (text.isEmpty()) {
            return s -> true;
        }
        try {
            Pattern p = Pattern.compile(text, Pattern.CASE_INSENSITIVE);
            return s -> p.matcher(s).find();
        } catch (PatternSyntaxException e) {
            String lower = text.toLowerCase(Locale.ROOT);
            return s -> s.toLowerCase(Locale.ROOT).contains(lower);
        }
    }

    private static void close(Terminal terminal) {
        try {
            terminal.close();
        } catch (IOException e) {
            // nothing left to restore
        }
    }
}
