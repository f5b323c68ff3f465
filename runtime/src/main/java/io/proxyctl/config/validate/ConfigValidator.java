package io.proxyctl.config.validate;

import io.proxyctl.config.bind.DataPlaneCoverage;
import io.proxyctl.config.check.Coverage;
import io.proxyctl.config.check.LintChecker;
import io.proxyctl.config.check.NotImplementedChecker;
import io.proxyctl.config.check.ResourceFileChecks;
import io.proxyctl.config.check.WatchedFiles;
import io.proxyctl.config.load.Position;
import java.nio.file.Files;
import java.nio.file.Path;
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
    /** The root message of an xDS resource file. */
    public static final String DISCOVERY_RESPONSE = "envoy.service.discovery.v3.DiscoveryResponse";

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
        if (ResourceFileChecks.isResourceFile(source.root())) {
            return validateResourceFile(loaded, null);
        }
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
        for (WatchedFiles.Ref ref : WatchedFiles.of(v3.root())) {
            if (!Files.isRegularFile(Path.of(ref.path())) || !Files.isReadable(Path.of(ref.path()))) {
                Position p = v3.sourceMap().value(ref.pointer());
                out.add(new Diagnostic(source.name(), p.line(), p.column(), Severity.WARNING,
                        DiagnosticCode.XDS_FILE_MISSING, "paths must refer to an existing path in the system: '"
                        + ref.path() + "' does not exist", ref.pointer(),
                        "create it (a DiscoveryResponse: resources: [{\"@type\": ...}]), or fix the path"));
            }
        }
        return new ValidationReport(source.name(), loaded.text(), version.name().toLowerCase(java.util.Locale.ROOT),
                v3, new ArrayList<>(out));
    }

    /**
     * Validates an xDS resource file (a DiscoveryResponse) with the schema pipeline of its resources' types, plus
     * the load-time, lint and coverage checks; {@code expectedType} is the resource message its subscription asks
     * for, or null when unknown.
     */
    public ValidationReport validateResourceFile(LoadResult loaded, String expectedType) {
        if (!loaded.ok()) {
            String file = loaded.diagnostics().isEmpty() ? "<unknown>" : loaded.diagnostics().get(0).file();
            return new ValidationReport(file, loaded.text(), null, null, loaded.diagnostics());
        }
        ConfigSource source = loaded.source();
        LinkedHashSet<Diagnostic> out = new LinkedHashSet<>(schema.validate(source, ApiVersion.V3, DISCOVERY_RESPONSE));
        boolean schemaValid = out.stream().noneMatch(Diagnostic::isError);
        out.addAll(ResourceFileChecks.check(source, expectedType));
        out.addAll(SemanticChecker.check(source));
        if (schemaValid) {
            out.addAll(schema.deprecations(source, ApiVersion.V3, DISCOVERY_RESPONSE));
            out.addAll(LintChecker.check(source, null));
            out.addAll(NotImplementedChecker.check(source, coverage));
        }
        return new ValidationReport(source.name(), loaded.text(), "v3", source, new ArrayList<>(out));
    }

    /**
     * The reports of the xDS resource files a validated bootstrap watches (path_config_source), each validated for
     * the resource type its subscription asks for; files that do not exist are left out (the bootstrap's report
     * warns about them).
     */
    public List<ValidationReport> validateWatchedFiles(ValidationReport bootstrap) {
        List<ValidationReport> out = new ArrayList<>();
        if (bootstrap.v3() == null || ResourceFileChecks.isResourceFile(bootstrap.v3().root())) {
            return out;
        }
        for (WatchedFiles.Ref ref : WatchedFiles.of(bootstrap.v3().root())) {
            Path p = Path.of(ref.path());
            if (Files.isRegularFile(p) && Files.isReadable(p)) {
                out.add(validateResourceFile(YamlLoader.loadArgument(ref.path(), InputStream.nullInputStream()),
                        ref.resourceType()));
            }
        }
        return out;
    }
}
