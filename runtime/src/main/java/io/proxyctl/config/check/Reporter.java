package io.proxyctl.config.check;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.Position;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import io.proxyctl.config.validate.Severity;
import java.util.ArrayList;
import java.util.List;

/** Collects diagnostics for one document, placing each at the source position of a JSON pointer. */
final class Reporter {
    private final ConfigSource source;
    private final List<Diagnostic> out = new ArrayList<>();

    Reporter(ConfigSource source) {
        this.source = source;
    }

    /** Reports at the value of {@code pointer} with the code's default severity. */
    void atValue(DiagnosticCode code, String pointer, String message, String suggestion) {
        add(code, code.defaultSeverity(), source.sourceMap().value(pointer), pointer, message, suggestion);
    }

    /** Reports at the key of the map entry {@code pointer} (falls back to its value). */
    void atKey(DiagnosticCode code, String pointer, String message, String suggestion) {
        add(code, code.defaultSeverity(), source.sourceMap().key(pointer), pointer, message, suggestion);
    }

    /** Reports at the value of {@code pointer} with an explicit severity. */
    void atValue(DiagnosticCode code, Severity severity, String pointer, String message, String suggestion) {
        add(code, severity, source.sourceMap().value(pointer), pointer, message, suggestion);
    }

    /** The 1-based line of the value at {@code pointer}, for "first defined at line N" hints. */
    int line(String pointer) {
        return source.sourceMap().value(pointer).line();
    }

    List<Diagnostic> diagnostics() {
        return List.copyOf(out);
    }

    private void add(DiagnosticCode code, Severity severity, Position p, String pointer, String message,
                     String suggestion) {
        out.add(new Diagnostic(source.name(), p.line(), p.column(), severity, code, message, pointer, suggestion));
    }
}
