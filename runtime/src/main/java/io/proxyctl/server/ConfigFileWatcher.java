package io.proxyctl.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code proxyctl run --watch}: polls the config file and reloads the server when its content changed and then
 * stayed the same for the debounce period (an editor's save, or a deployment writing the file in several steps,
 * yields one reload of the final content). Polling rather than a {@code WatchService} because editors and
 * Kubernetes ConfigMaps replace the file through renames and symlink swaps that directory watches miss.
 */
public final class ConfigFileWatcher implements AutoCloseable {
    private final ProxyServer server;
    private final Path file;
    private final long debounceMillis;
    private final ScheduledExecutorService timer;
    private byte[] applied;
    private byte[] pending;
    private long pendingSince;

    private ConfigFileWatcher(ProxyServer server, Path file, long pollMillis, long debounceMillis) {
        this.server = server;
        this.file = file;
        this.debounceMillis = debounceMillis;
        this.applied = read();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "proxyctl-config-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Watches {@code file} (the server's config file) until closed or the server terminates.
     *
     * @param pollMillis     how often the file is read
     * @param debounceMillis how long new content must stay unchanged before it is reloaded
     */
    public static ConfigFileWatcher start(ProxyServer server, Path file, long pollMillis, long debounceMillis) {
        return new ConfigFileWatcher(server, file, Math.max(10, pollMillis), Math.max(0, debounceMillis));
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null; // being replaced: wait for the new file
        } catch (IOException e) {
            return null;
        }
    }

    private void poll() {
        if (server.state() == ProxyServer.State.TERMINATED || server.state() == ProxyServer.State.DRAINING) {
            timer.shutdown();
            return;
        }
        byte[] now = read();
        if (now == null || Arrays.equals(now, applied)) {
            pending = null;
            return;
        }
        long t = System.nanoTime();
        if (pending == null || !Arrays.equals(now, pending)) {
            pending = now;
            pendingSince = t;
        }
        if (TimeUnit.NANOSECONDS.toMillis(t - pendingSince) >= debounceMillis) {
            // Remember the content even when rejected: a broken file is reported once, not every poll.
            applied = now;
            pending = null;
            server.reloadConfigFile();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
