package io.proxyctl.xds;

import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@code path_config_source} subscription: a watched file in the DiscoveryResponse shape ({@code version_info},
 * {@code resources: [{"@type": ..., ...}]}, YAML or JSON), as in Envoy's filesystem xDS. The file is read at
 * start and re-read whenever its content changes (polled, so a rewrite in place and an atomic rename into place
 * are both seen). Each new content is validated like {@code proxyctl validate} does and handed to
 * {@link DynamicConfig}; a rejected content is logged with file:line:column and the last good one keeps serving.
 */
public final class FileSubscription implements AutoCloseable {
    /** How often the file is checked by default. */
    public static final Duration DEFAULT_POLL = Duration.ofMillis(200);

    private final XdsType type;
    private final Path path;
    private final DynamicConfig config;
    private final ConfigValidator validator = new ConfigValidator();
    private byte[] lastContent;
    private ScheduledFuture<?> task;

    public FileSubscription(XdsType type, Path path, DynamicConfig config) {
        this.type = Objects.requireNonNull(type, "type");
        this.path = Objects.requireNonNull(path, "path");
        this.config = Objects.requireNonNull(config, "config");
    }

    public XdsType type() {
        return type;
    }

    public Path path() {
        return path;
    }

    /**
     * Reads the file and applies it if its content changed since the last read; null when unchanged.
     *
     * @throws IOException when the file cannot be read
     */
    public synchronized DynamicConfig.Result poll() throws IOException {
        byte[] content = Files.readAllBytes(path);
        if (lastContent != null && Arrays.equals(content, lastContent)) {
            return null;
        }
        lastContent = content;
        LoadResult loaded = YamlLoader.load(path.toString(), content);
        String version = loaded.ok() ? Tree.text(Tree.get(loaded.source().root(), "version_info")) : null;
        ValidationReport report = validator.validateResourceFile(loaded, type.message());
        if (!report.valid()) {
            List<String> problems = new ArrayList<>();
            for (Diagnostic d : report.errors()) {
                problems.add(d.file() + ":" + d.line() + ":" + d.column() + ": " + d.message() + " [" + d.code().id() + "]");
            }
            return config.rejectedBeforeUpdate(type, version, problems);
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Tree.Item i : Tree.items(loaded.source().root(), "", "resources")) {
            if (i.map() != null) {
                resources.add(i.map());
            }
        }
        return config.update(type, version == null ? "" : version, resources);
    }

    /** Polls every {@code interval} on {@code scheduler} until closed; a read failure is logged by the caller's log. */
    public synchronized void start(ScheduledExecutorService scheduler, Duration interval,
                                   java.util.function.Consumer<String> log) {
        task = scheduler.scheduleWithFixedDelay(() -> {
            try {
                poll();
            } catch (IOException | RuntimeException e) {
                // Between a delete and the rename of its replacement the file may be missing: try again next time.
                log.accept(type.shortName() + ": cannot read " + path + ": " + e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** A single daemon thread for watching files and warming timers. */
    public static ScheduledExecutorService newScheduler() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "proxyctl-xds-files");
            t.setDaemon(true);
            return t;
        });
    }
}
