package io.proxyctl.config.validate;

import java.util.Objects;

/**
 * One problem found in a configuration: where it is (file, 1-based line and column, JSON pointer and Envoy-style
 * field path), a stable code, and what to do about it.
 *
 * @param file       the file name as the user gave it ("-" or "&lt;stdin&gt;" for standard input)
 * @param line       1-based line, 0 when unknown
 * @param column     1-based column, 0 when unknown
 * @param severity   error, warning or info
 * @param code       the stable code, see {@link DiagnosticCode}
 * @param message    one line, no trailing period
 * @param pointer    JSON pointer of the offending node in the source document ("" for the whole document)
 * @param suggestion what to do, or null
 */
public record Diagnostic(String file, int line, int column, Severity severity, DiagnosticCode code,
                         String message, String pointer, String suggestion) {
    public Diagnostic {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        pointer = pointer == null ? "" : pointer;
    }

    /** The Envoy-style field path of {@link #pointer()}, e.g. {@code static_resources.clusters[0].name}. */
    public String path() {
        return io.proxyctl.config.load.JsonPointer.toFieldPath(pointer);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
