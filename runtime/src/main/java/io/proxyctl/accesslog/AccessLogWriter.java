package io.proxyctl.accesslog;

import io.proxyctl.stats.Counter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The single background thread that owns every access log destination. Event loops hand it finished lines
 * through a bounded queue (a full queue drops the line and counts it rather than blocking a loop); the thread
 * writes in batches and flushes whenever the queue runs empty.
 */
public final class AccessLogWriter implements AutoCloseable {
    private static final int CAPACITY = 65536;

    /** A destination: a file path, or a stream. */
    public static final class Target {
        private final String label;
        private final OutputStream out;

        private Target(String label, OutputStream out) {
            this.label = label;
            this.out = out;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private record Line(Target target, String text) {
    }

    private static final Line POISON = new Line(null, null);

    private final BlockingQueue<Line> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Map<String, Target> files = new HashMap<>();
    private final Counter dropped;
    private final Thread thread;
    private final PrintStream errors;

    public AccessLogWriter(Counter dropped, PrintStream errors) {
        this.dropped = dropped;
        this.errors = errors;
        this.thread = new Thread(this::run, "proxyctl-access-log");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Opens (once per path) a file for appending; throws IOException naming the path when it cannot. */
    public synchronized Target file(String path) throws IOException {
        Target t = files.get(path);
        if (t == null) {
            Path p = Path.of(path);
            OutputStream os = Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
            t = new Target(path, new BufferedOutputStream(os, 64 * 1024));
            files.put(path, t);
        }
        return t;
    }

    /** A target writing to a stream such as stdout; the stream is flushed but never closed. */
    public Target stream(String label, PrintStream stream) {
        return new Target(label, stream);
    }

    /** Queues a line; never blocks. */
    public void submit(Target target, String line) {
        if (!queue.offer(new Line(target, line))) {
            dropped.inc();
        }
    }

    private void run() {
        List<Line> batch = new ArrayList<>(256);
        List<Target> dirty = new ArrayList<>();
        try {
            while (true) {
                Line first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 4095);
                boolean stop = false;
                for (Line l : batch) {
                    if (l == POISON) {
                        stop = true;
                        continue;
                    }
                    write(l);
                    if (!dirty.contains(l.target)) {
                        dirty.add(l.target);
                    }
                }
                batch.clear();
                if (queue.isEmpty() || stop) {
                    for (Target t : dirty) {
                        flush(t);
                    }
                    dirty.clear();
                }
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(Line l) {
        try {
            l.target.out.write(l.text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            errors.println("access log " + l.target + ": " + e.getMessage());
        }
    }

    private void flush(Target t) {
        try {
            t.out.flush();
        } catch (IOException e) {
            errors.println("access log " + t + ": " + e.getMessage());
        }
    }

    /** Writes what is queued, flushes and closes the files. */
    @Override
    public void close() {
        try {
            queue.put(POISON);
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            for (Target t : files.values()) {
                try {
                    t.out.close();
                } catch (IOException e) {
                    errors.println("access log " + t + ": " + e.getMessage());
                }
            }
            files.clear();
        }
    }
}
