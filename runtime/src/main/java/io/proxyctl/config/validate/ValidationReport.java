package io.proxyctl.config.validate;

import io.proxyctl.config.load.ConfigSource;
import java.util.Comparator;
import java.util.List;

/**
 * Everything {@code validate} learned about one input: its diagnostics in file order, which API version it was
 * read as, and the v3 document the runtime would serve (the upgraded one for v2 input).
 *
 * @param file        the name given by the user
 * @param text        the decoded text, for source excerpts; null when the input could not be read
 * @param apiVersion  "v3" or "v2"; null when the input did not load
 * @param v3          the v3 document, null when the input did not load
 * @param diagnostics all problems, sorted by line and column
 */
public record ValidationReport(String file, String text, String apiVersion, ConfigSource v3,
                               List<Diagnostic> diagnostics) {
    private static final Comparator<Diagnostic> ORDER = Comparator.comparingInt(Diagnostic::line)
            .thenComparingInt(Diagnostic::column)
            .thenComparing(d -> d.code().id());

    public ValidationReport {
        diagnostics = diagnostics.stream().sorted(ORDER).toList();
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> d.severity() == Severity.WARNING).toList();
    }

    /** True when there is no error. */
    public boolean valid() {
        return errors().isEmpty();
    }

    /** Under {@code strict}, warnings fail too. */
    public boolean valid(boolean strict) {
        return strict ? valid() && warnings().isEmpty() : valid();
    }

    /** True when the input could not be read at all (missing file, directory, permission): a usage error. */
    public boolean unreadable() {
        return diagnostics.stream().anyMatch(d -> d.code() == DiagnosticCode.FILE_NOT_FOUND
                || d.code() == DiagnosticCode.FILE_UNREADABLE);
    }
}
