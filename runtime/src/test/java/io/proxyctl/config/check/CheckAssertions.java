package io.proxyctl.config.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.List;

/** Assertions on diagnostics: exactly one of a code, at a line and column. */
final class CheckAssertions {
    private CheckAssertions() {
    }

    /** The single diagnostic with {@code code}, asserted to stand at {@code line}:{@code column}. */
    static Diagnostic one(List<Diagnostic> ds, DiagnosticCode code, int line, int column) {
        List<Diagnostic> of = ds.stream().filter(d -> d.code() == code).toList();
        assertEquals(1, of.size(), () -> "expected one " + code + " in " + ds);
        Diagnostic d = of.get(0);
        assertEquals(line + ":" + column, d.line() + ":" + d.column(), () -> "position of " + d);
        return d;
    }

    static void none(List<Diagnostic> ds, DiagnosticCode code) {
        assertTrue(ds.stream().noneMatch(d -> d.code() == code), () -> "unexpected " + code + " in " + ds);
    }

    static void empty(List<Diagnostic> ds) {
        assertTrue(ds.isEmpty(), () -> "unexpected diagnostics " + ds);
    }
}
