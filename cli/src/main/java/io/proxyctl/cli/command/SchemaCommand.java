package io.proxyctl.cli.command;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.config.schema.ApiVersion;
import io.proxyctl.config.schema.SchemaValidator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code proxyctl schema}: prints the JSON Schema (draft-07) of the Envoy bootstrap for editors and other tools. */
@Command(name = "schema",
        header = "Print the JSON Schema of the Envoy bootstrap (generated from the official Envoy API).",
        description = {"One self-contained draft-07 document. Point an editor's YAML language server at it to get "
                + "validation and completion while writing envoy.yaml.", "",
                "Examples:",
                "  proxyctl schema > envoy.schema.json",
                "  proxyctl schema --api v2 > envoy-v2.schema.json"},
        sortOptions = false)
public final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--api", paramLabel = "VERSION", defaultValue = "v3",
            description = "API version: v3 (default) or v2.")
    String api;

    @Override
    public Integer call() {
        ApiVersion version;
        try {
            version = ApiVersion.fromName(api);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--api must be v3 or v2, not '" + api + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(SchemaValidator.shared().fullSchema(version));
        out.print('\n');
        out.flush();
        return ExitCodes.OK;
    }
}
