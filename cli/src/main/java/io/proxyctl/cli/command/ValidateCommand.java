package io.proxyctl.cli.command;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.render.DiagnosticTextRenderer;
import io.proxyctl.cli.render.Style;
import io.proxyctl.common.Json;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import io.proxyctl.config.validate.ValidationReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code proxyctl validate}: says whether Envoy would accept each file, and where every problem is. */
@Command(name = "validate",
        header = "Check Envoy configuration files without starting anything.",
        description = {"Reports every problem with file:line:column, the field path, a stable code and a suggestion. "
                + "Hermetic: reads only the given files (and the xDS files a bootstrap's path_config_source "
                + "watches, each validated for its resource type), opens no sockets, creates no files.", "",
                "An xDS resource file (a DiscoveryResponse: resources: [{\"@type\": ...}]) is validated as such.", "",
                "Examples:",
                "  proxyctl validate envoy.yaml",
                "  proxyctl validate lds.yaml cds.yaml",
                "  proxyctl validate --strict -o json envoy.yaml other.yaml",
                "  cat envoy.yaml | proxyctl validate -",
                "  proxyctl validate --list-codes"},
        sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file is valid", "1:at least one file is invalid (or has warnings under --strict)",
            "2:usage error, or a file cannot be read"})
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Config files (YAML or JSON); '-' reads standard input.")
    List<String> files = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Option(names = "--strict", description = "Treat warnings as errors.")
    boolean strict;

    @Option(names = {"-q", "--quiet"}, description = "Print errors only (no warnings, no summary).")
    boolean quiet;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto", completionCandidates = Style.Modes.class,
            description = "Colour text output: auto, always, never (NO_COLOR is honoured).")
    String color;

    @Option(names = "--list-codes", description = "Print every diagnostic code with its meaning and exit.")
    boolean listCodes;

    /** Output formats of validate. */
    public enum OutputFormat { text, json }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (listCodes) {
            printCodes(out);
            return ExitCodes.OK;
        }
        if (files.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: FILE");
        }
        ConfigValidator validator = new ConfigValidator();
        List<ValidationReport> reports = new ArrayList<>();
        for (String f : files) {
            ValidationReport r = validator.validatePath(f, System.in);
            reports.add(r);
            // The xDS files a bootstrap watches are part of its configuration (Envoy only checks they exist).
            reports.addAll(validator.validateWatchedFiles(r));
        }
        if (output == OutputFormat.json) {
            out.print(Json.pretty(reports.size() == 1 ? toJson(reports.get(0)) : all(reports)));
            out.print('\n');
        } else {
            printText(out, reports);
        }
        out.flush();
        if (reports.stream().anyMatch(ValidationReport::unreadable)) {
            return ExitCodes.USAGE;
        }
        return reports.stream().allMatch(r -> r.valid(strict)) ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private void printText(PrintWriter out, List<ValidationReport> reports) {
        Style style = Style.choose(color);
        DiagnosticTextRenderer renderer = new DiagnosticTextRenderer(style);
        PrintWriter err = spec.commandLine().getErr();
        for (ValidationReport r : reports) {
            String[] lines = r.text() == null ? new String[0] : r.text().split("\r?\n", -1);
            for (Diagnostic d : r.diagnostics()) {
                if (quiet && !d.isError()) {
                    continue;
                }
                out.print(renderer.render(d, n -> n >= 1 && n <= lines.length ? lines[n - 1] : ""));
            }
            if (!quiet) {
                out.println(summary(style, r));
            }
        }
        err.flush();
    }

    private String summary(Style style, ValidationReport r) {
        int errors = r.errors().size();
        int warnings = r.warnings().size();
        String counts = count(errors, "error") + ", " + count(warnings, "warning");
        String version = r.apiVersion() == null ? "" : " [" + r.apiVersion() + " API]";
        if (r.valid(strict)) {
            return style.bold(r.file()) + ": " + style.green("OK") + version + " (" + counts + ")";
        }
        return style.bold(r.file()) + ": " + style.red("INVALID") + version + " (" + counts
                + (strict && errors == 0 ? "; --strict fails on warnings" : "") + ")";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private Map<String, Object> all(List<ValidationReport> reports) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", reports.stream().allMatch(r -> r.valid(strict)));
        List<Object> list = new ArrayList<>();
        for (ValidationReport r : reports) {
            list.add(toJson(r));
        }
        m.put("files", list);
        return m;
    }

    private Map<String, Object> toJson(ValidationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", r.file());
        m.put("valid", r.valid(strict));
        m.put("api_version", r.apiVersion());
        m.put("errors", r.errors().size());
        m.put("warnings", r.warnings().size());
        List<Object> ds = new ArrayList<>();
        for (Diagnostic d : r.diagnostics()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("code", d.code().id());
            j.put("severity", d.severity().label());
            j.put("message", d.message());
            j.put("path", d.path());
            j.put("pointer", d.pointer());
            j.put("line", d.line());
            j.put("column", d.column());
            j.put("suggestion", d.suggestion());
            ds.add(j);
        }
        m.put("diagnostics", ds);
        return m;
    }

    private static void printCodes(PrintWriter out) {
        for (DiagnosticCode c : DiagnosticCode.values()) {
            out.printf("%s  %-7s  %-26s %s%n", c.id(), c.defaultSeverity().label(), c.name().toLowerCase(java.util.Locale.ROOT),
                    c.explanation());
        }
    }
}
