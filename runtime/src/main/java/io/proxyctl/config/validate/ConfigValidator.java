package io.proxyctl.config.validate;

import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The validation pipeline behind {@code proxyctl validate} and {@code proxyctl run}: load, then (as the stages
 * land) schema, v2 upgrade, Envoy's load-time checks and lint. Pure apart from reading the input: no sockets, no
 * files written (Envoy's {@code --mode validate}, made hermetic).
 */
public final class ConfigValidator {
    /** Loads and validates a path argument ("-" is standard input). */
    public ValidationReport validatePath(String pathOrDash, InputStream stdin) {
        return validate(YamlLoader.loadArgument(pathOrDash, stdin));
    }

    /** Validates an already loaded input. */
    public ValidationReport validate(LoadResult loaded) {
        String file = loaded.source() != null ? loaded.source().name()
                : loaded.diagnostics().isEmpty() ? "<unknown>" : loaded.diagnostics().get(0).file();
        if (!loaded.ok()) {
            return new ValidationReport(file, loaded.text(), null, null, loaded.diagnostics());
        }
        List<Diagnostic> out = new ArrayList<>();
        return new ValidationReport(file, loaded.text(), "v3", loaded.source(), out);
    }
}
