package io.proxyctl.config.schema;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.load.Position;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the diagnostics of one validation run: places each at its key or value in the source, and drops
 * repeats (everit may report one problem through several paths of a schema).
 */
final class Reporter {
    private final ConfigSource source;
    private final Map<String, Diagnostic> found = new LinkedHashMap<>();

    Reporter(ConfigSource source) {
        this.source = source;
    }

    /** Reports a problem with the value at {@code pointer}. */
    void atValue(DiagnosticCode code, String pointer, String message, String suggestion) {
        add(code, pointer, source.sourceMap().value(pointer), message, suggestion);
    }

    /** Reports a problem with the key of the map entry at {@code pointer} (an unknown or duplicated field). */
    void atKey(DiagnosticCode code, String pointer, String message, String suggestion) {
        add(code, pointer, source.sourceMap().key(pointer), message, suggestion);
    }

    private void add(DiagnosticCode code, String pointer, Position p, String message, String suggestion) {
        String key = code + "\u0000" + pointer + "\u0000" + message;
        found.putIfAbsent(key, new Diagnostic(source.name(), p.line(), p.column(), code.defaultSeverity(), code,
                message, pointer, suggestion));
    }

    /** All diagnostics in source order. */
    List<Diagnostic> diagnostics() {
        List<Diagnostic> out = new ArrayList<>(found.values());
        out.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column)
                .thenComparing(d -> d.code().id()));
        return out;
    }

    /** The Envoy-style path of a pointer, or "the document root" for the root. */
    static String subject(String pointer) {
        String p = JsonPointer.toFieldPath(pointer);
        return p.isEmpty() ? "the document root" : p;
    }

    /** " at <path>", or "" for the root. */
    static String where(String pointer) {
        String p = JsonPointer.toFieldPath(pointer);
        return p.isEmpty() ? "" : " at " + p;
    }
}
