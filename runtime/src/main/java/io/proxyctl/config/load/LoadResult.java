package io.proxyctl.config.load;

import io.proxyctl.config.validate.Diagnostic;
import java.util.List;

/**
 * The outcome of loading one input: the document when it parsed, and the problems found while reading it.
 *
 * @param source      the document, or null when it could not be read or parsed
 * @param text        the raw text when it could be decoded (for carets), else null
 * @param diagnostics load errors, empty on success
 */
public record LoadResult(ConfigSource source, String text, List<Diagnostic> diagnostics) {
    public LoadResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
        return source != null && diagnostics.isEmpty();
    }
}
