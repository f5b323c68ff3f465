package io.proxyctl.cli.command;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.diff.DiffInputLoader;
import io.proxyctl.cli.render.DiffJsonRenderer;
import io.proxyctl.cli.render.DiffTextRenderer;
import io.proxyctl.cli.render.Style;
import io.proxyctl.common.Json;
import io.proxyctl.common.UnifiedDiff;
import io.proxyctl.common.Yaml;
import io.proxyctl.config.diff.ConfigDiff;
import io.proxyctl.config.diff.DiffResult;
import io.proxyctl.config.diff.ResourceSet;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code proxyctl diff A B}: what differs between two configurations, resource by resource. */
@Command(name = "diff",
        header = "Compare two configurations semantically: files, config dumps or running instances.",
        description = {"Resources (listeners, route configs, clusters, endpoints) are matched by name, so their order "
                + "does not matter; inside them, order counts only where Envoy evaluates in order (routes, HTTP "
                + "filters). Values are normalised first: defaults, camelCase names, enum case, Duration forms "
                + "(\"30s\" = \"30.000s\") and v2 versus v3 spellings do not show up as differences.", "",
                "Each input is a config file (v2 or v3, YAML or JSON, '-' for standard input), a saved admin "
                        + "/config_dump, or the admin address of a running proxy (http://host:port), read through "
                        + "GET /config_dump.", "",
                "Examples:",
                "  proxyctl diff old.yaml new.yaml",
                "  proxyctl diff envoy.yaml http://127.0.0.1:9901     # file vs the proxy running it",
                "  proxyctl diff -o unified envoy-v2.yaml envoy-v3.yaml",
                "  proxyctl diff -o json before.json after.yaml"},
        sortOptions = false,
        exitCodeListHeading = "%nExit codes (as diff(1)):%n",
        exitCodeList = {"0:the configurations are equivalent", "1:they differ",
            "2:an input cannot be read, parsed or fetched"})
public final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The old side: a file, a config dump or http://host:port.")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "The new side: a file, a config dump or http://host:port.")
    String b;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format output;

    @Option(names = {"-U", "--context"}, paramLabel = "LINES", defaultValue = "3",
            description = "Lines of context in unified output (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto", completionCandidates = Style.Modes.class,
            description = "Colour text output: auto, always, never (NO_COLOR is honoured).")
    String color;

    /** Output formats of diff. */
    public enum Format { text, json, unified }

    @Override
    public Integer call() {
        if ("-".equals(a) && "-".equals(b)) {
            throw new io.proxyctl.cli.ProxyctlCommand.UsageException("only one input can be standard input ('-')");
        }
        DiffInputLoader loader = new DiffInputLoader(System.in, spec.commandLine().getErr());
        // one after the other on this thread, so that Ctrl-C in the shell (an interrupt) stops either fetch
        ResourceSet left = loader.load(a);
        ResourceSet right = loader.load(b);
        DiffResult result = ConfigDiff.compare(left, right);
        PrintWriter out = spec.commandLine().getOut();
        switch (output) {
            case json -> {
                out.print(Json.pretty(DiffJsonRenderer.toJson(result)));
                out.print('\n');
            }
            case unified -> {
                boolean bootstrap = !left.isConfigDump() && !right.isConfigDump();
                List<String> la = Yaml.write(left.canonical(bootstrap)).lines().toList();
                List<String> lb = Yaml.write(right.canonical(bootstrap)).lines().toList();
                out.print(UnifiedDiff.diff(left.name(), right.name(), la, lb, Math.max(0, context)));
            }
            default -> out.print(new DiffTextRenderer(Style.choose(color)).render(result));
        }
        out.flush();
        return result.identical() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
