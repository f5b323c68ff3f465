package io.proxyctl.config.validate;

import io.proxyctl.config.bind.DataPlaneCoverage;
import io.proxyctl.config.check.Coverage;
import io.proxyctl.config.check.LintChecker;
import io.proxyctl.config.check.NotImplementedChecker;
import io.proxyctl.config.check.SemanticChecker;
import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.schema.ApiVersion;
import io.proxyctl.config.schema.SchemaValidator;
import io.proxyctl.config.upgrade.V2Detection;
import io.proxyctl.config.upgrade.V2Detector;
import io.proxyctl.config.upgrade.V2Upgrader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The validation pipeline behind {@code proxyctl validate} and {@code proxyctl run}: load, detect the API version,
 * the Envoy API schema, the v2 to v3 upgrade, Envoy's load-time checks, lint, and what the runtime does not
 * implement. Pure apart from reading the input: no sockets, no files written (Envoy's {@code --mode validate},
 * made hermetic). Every stage reports all it finds; diagnostics on an upgraded v2 file point into the user's file.
 */
public final class ConfigValidator {
    private final SchemaValidator schema;
    private final Coverage coverage;

    public ConfigValidator() {
        this(SchemaValidator.shared(), DataPlaneCoverage.instance());
    }

    public ConfigValidator(SchemaValidator schema, Coverage coverage) {
        this.schema = schema;
        this.coverage = coverage;
    }

    /** Loads and validates a path argument ("-" is standard input). */
    public ValidationReport validatePath(String pathOrDash, InputStream stdin) {
        return validate(YamlLoader.loadArgument(pathOrDash, stdin));
    }

    /** Validates an already loaded input. */
    public ValidationReport validate(LoadResult loaded) {
        if (!loaded.ok()) {
            String file = loaded.diagnostics().isEmpty() ? "<unknown>" : loaded.diagnostics().get(0).file();
            return new ValidationReport(file, loaded.text(), null, null, loaded.diagnostics());
        }
        ConfigSource source = loaded.source();
        V2Detection detection = V2Detector.detect(source);
        ApiVersion version = detection.v2() ? ApiVersion.V2 : ApiVersion.V3;
        // A set: two stages may find the same fact (e.g. a v2 field is both unknown in v3 and a v2 signal).
        LinkedHashSet<Diagnostic> out = new LinkedHashSet<>(schema.validate(source, version));
        boolean schemaValid = out.stream().noneMatch(Diagnostic::isError);
        ConfigSource v3 = source;
        if (detection.v2()) {
            out.add(V2Detector.warning(source, detection));
            v3 = V2Upgrader.upgrade(source).source();
        }
        out.addAll(SemanticChecker.check(v3));
        if (schemaValid) {
            // Lint and coverage read field types; on a tree the schema rejected they would only add noise.
            out.addAll(schema.deprecations(v3, ApiVersion.V3));
            out.addAll(LintChecker.check(v3, null));
            out.addAll(NotImplementedChecker.check(v3, coverage));
        }
        return new ValidationReport(source.name(), loaded.text(), version.name().toLowerCase(java.util.Locale.ROOT),
                v3, new ArrayList<>(out));
    }
}
