package io.proxyctl.config.model;

import java.util.Map;
import java.util.Objects;

/**
 * An {@code access_log} entry.
 *
 * @param name      the logger name
 * @param typeUrl   the {@code @type} of its config
 * @param sink      where lines go
 * @param format    the line format
 * @param hasFilter whether an access log {@code filter} is configured (not evaluated by the runtime)
 */
public record AccessLog(String name, String typeUrl, Sink sink, Format format, boolean hasFilter) {
    public AccessLog {
        Objects.requireNonNull(sink, "sink");
        format = format == null ? Format.Default.INSTANCE : format;
    }

    /** Where log lines go. */
    public sealed interface Sink {
        /** {@code FileAccessLog.path}. */
        record File(String path) implements Sink {
        }

        /** {@code StdoutAccessLog}. */
        record Stdout() implements Sink {
        }

        /** {@code StderrAccessLog}. */
        record Stderr() implements Sink {
        }

        /** A logger type the runtime does not implement. */
        record Unsupported(String typeUrl) implements Sink {
        }
    }

    /** The {@code log_format} (SubstitutionFormatString). */
    public sealed interface Format {
        /** Envoy's default text format. */
        enum Default implements Format { INSTANCE }

        /** {@code text_format_source} / {@code text_format} / the deprecated {@code format}. */
        record Text(String format) implements Format {
        }

        /**
         * {@code json_format}: keys to format strings (or nested maps, or non-string constants).
         *
         * @param omitEmptyValues leave out keys whose value is empty
         */
        record Json(Map<String, Object> fields, boolean omitEmptyValues) implements Format {
            public Json {
                fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
            }
        }
    }
}
