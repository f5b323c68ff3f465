package io.proxyctl.cli.command;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.ProxyctlCommand.UsageException;
import io.proxyctl.config.convert.ConfigConverter;
import io.proxyctl.config.convert.ConfigConverter.Conversion;
import io.proxyctl.config.diff.ResourceSet;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.upgrade.Change;
import io.proxyctl.config.upgrade.V2Detector;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.Diagnostic;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code proxyctl convert FILE [-o OUT]}: rewrites a v2 configuration as v3. */
@Command(name = "convert",
        header = "Convert a v2 configuration to v3, listing every change.",
        description = {"Applies every v2 -> v3 rule (type URLs, filter names, config -> typed_config, hosts -> "
                + "load_assignment, tls_context -> transport_socket, host_rewrite -> host_rewrite_literal, regex -> "
                + "safe_regex, idle_timeout moves, deprecated fields, a typed_config on every filter). Each change is "
                + "printed on standard error as file:line: what (why); the v3 document goes to standard output or "
                + "to -o. The result is checked to load as clean v3. Comments are kept next to the entries they "
                + "were written for; converting the result again changes nothing.", "",
                "Examples:",
                "  proxyctl convert envoy-v2.yaml > envoy.yaml",
                "  proxyctl convert envoy-v2.yaml -o envoy.yaml",
                "  proxyctl convert envoy-v2.json -o envoy.json     # JSON in, JSON out (-o *.json)"},
        sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:converted (or already v3); the output is clean v3",
            "1:converted, but the output is not clean v3 (a construct could not be converted, or it has errors)",
            "2:the input cannot be read or parsed, or the output cannot be written"})
public final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The configuration (YAML or JSON); '-' reads standard input.")
    String file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write the result to this file instead of standard output (JSON when it ends in .json).")
    Path output;

    @Override
    public Integer call() {
        LoadResult loaded = YamlLoader.loadArgument(file, System.in);
        if (!loaded.ok()) {
            Diagnostic d = loaded.diagnostics().get(0);
            throw new UsageException((d.line() > 0 ? d.file() + ":" + d.line() + ":" + d.column() : d.file()) + ": " + d.message());
        }
        if (ResourceSet.isConfigDump(loaded.source().root())) {
            throw new UsageException(file + ": is an admin config dump, not a bootstrap configuration");
        }
        boolean json = output != null && output.getFileName().toString().endsWith(".json");
        Conversion c = ConfigConverter.convert(loaded.source(), json);
        PrintWriter err = spec.commandLine().getErr();
        String name = loaded.source().name();
        for (Change ch : c.changes()) {
            err.println(name + ":" + ch.position().line() + ": " + ch.what() + " (" + ch.why() + ")");
        }
        for (Change ch : c.unconverted()) {
            err.println(name + ":" + ch.position().line() + ": warning: not converted: " + ch.what() + " (" + ch.why() + ")");
        }
        String target = output == null ? "<stdout>" : output.toString();
        LoadResult result = YamlLoader.loadText(target, c.text());
        boolean stillV2 = result.ok() && V2Detector.detect(result.source()).v2();
        // an xDS resource file (lds.yaml, cds.yaml: top-level "resources") is not a bootstrap to validate
        boolean bootstrap = !(result.ok() && result.source().root() instanceof Map<?, ?> m && m.containsKey("resources"));
        List<Diagnostic> errors = bootstrap ? new ConfigValidator().validate(result).errors() : List.of();
        write(c.text());
        String summary = c.changes().isEmpty() ? "already v3, nothing to change"
                : (c.wasV2() ? "v2 -> v3, " : "") + c.changes().size() + " change" + (c.changes().size() == 1 ? "" : "s");
        err.println(name + ": " + summary + (output == null ? "" : "; wrote " + output));
        for (Diagnostic d : errors) {
            err.println(target + ":" + d.line() + ":" + d.column() + ": error[" + d.code().id() + "]: " + d.message());
        }
        if (stillV2) {
            err.println(target + ": error: the result still uses the v2 API");
        }
        err.flush();
        return errors.isEmpty() && !stillV2 && c.unconverted().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private void write(String text) {
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
            return;
        }
        Path target = output.toAbsolutePath();
        try {
            // write next to the target, then move: an existing file is never left half-written
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UsageException("cannot write " + output + ": " + e.getMessage());
        }
    }
}
