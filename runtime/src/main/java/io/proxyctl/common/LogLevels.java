package io.proxyctl.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The runtime's named loggers and their levels, as Envoy's {@code /logging} shows and changes them. Every log line
 * of the runtime goes through {@link #logger(String, Consumer)}, so a level change takes effect on the next line.
 */
public final class LogLevels {
    /** spdlog's levels, in increasing severity. */
    public enum Level {
        TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL, OFF;

        /** The lower-case name Envoy prints. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The level named {@code s} ("warn" is accepted for "warning"), or null. */
        public static Level parse(String s) {
            if (s == null) {
                return null;
            }
            String v = s.toLowerCase(Locale.ROOT);
            if (v.equals("warn")) {
                v = "warning";
            }
            for (Level l : values()) {
                if (l.label().equals(v)) {
                    return l;
                }
            }
            return null;
        }
    }

    /** The loggers the runtime writes to: admin requests, configuration warnings, server lifecycle. */
    public static final String ADMIN = "admin";
    public static final String CONFIG = "config";
    public static final String MAIN = "main";

    private final Map<String, Level> levels = new ConcurrentHashMap<>();

    public LogLevels() {
        for (String n : new String[] {ADMIN, CONFIG, MAIN}) {
            levels.put(n, Level.INFO);
        }
    }

    /** Logger name to level, sorted by name. */
    public Map<String, Level> levels() {
        Map<String, Level> out = new LinkedHashMap<>();
        levels.keySet().stream().sorted().forEach(n -> out.put(n, levels.get(n)));
        return Collections.unmodifiableMap(out);
    }

    /** Whether a logger of that name exists. */
    public boolean exists(String name) {
        return levels.containsKey(name);
    }

    public void set(String name, Level level) {
        levels.computeIfPresent(name, (k, v) -> level);
    }

    public void setAll(Level level) {
        levels.replaceAll((k, v) -> level);
    }

    /** Whether a message at {@code level} on logger {@code name} is written. */
    public boolean enabled(String name, Level level) {
        Level l = levels.get(name);
        return l != null && l != Level.OFF && level.ordinal() >= l.ordinal();
    }

    /** A sink for one logger: lines at {@code level} go to {@code out} while the logger's level lets them through. */
    public Consumer<String> logger(String name, Level level, Consumer<String> out) {
        return line -> {
            if (enabled(name, level)) {
                out.accept(line);
            }
        };
    }
}
