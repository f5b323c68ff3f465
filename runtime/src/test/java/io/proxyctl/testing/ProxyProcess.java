package io.proxyctl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@link ProxyMain} in a child JVM (with its own heap cap and file descriptors) for one test. */
public final class ProxyProcess implements AutoCloseable {
    private final Process process;
    private final Path output;
    private final Map<String, Integer> ports = new HashMap<>();

    private ProxyProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts the proxy on {@code yaml} with the given JVM options (e.g. -Xmx128m); waits until it listens. */
    public static ProxyProcess start(Path dir, String yaml, String... jvmOptions) throws IOException, InterruptedException {
        Path config = dir.resolve("proxy.yaml");
        Files.writeString(config, yaml);
        Path out = dir.resolve("proxy.out");
        Process p = new ProcessBuilder(ChildJvm.command(List.of(jvmOptions), ProxyMain.class, config.toString())).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        ProxyProcess pp = new ProxyProcess(p, out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = pp.output();
            for (String line : text.split("\n")) {
                if (line.startsWith("READY ")) {
                    for (String kv : line.substring(6).trim().split(" ")) {
                        String[] parts = kv.split("=");
                        pp.ports.put(parts[0], Integer.parseInt(parts[1]));
                    }
                    return pp;
                }
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("proxy exited with " + p.exitValue() + ":\n" + text);
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("proxy did not start in 60 s:\n" + pp.output());
    }

    /** The bound port of a listener, or "admin". */
    public int port(String name) {
        return ports.get(name);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Everything the child printed so far. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the child (graceful: its stdin closes) and returns its exit status. */
    public int stop() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
