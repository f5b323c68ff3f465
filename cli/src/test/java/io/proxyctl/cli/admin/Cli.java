package io.proxyctl.cli.admin;

import io.proxyctl.cli.ProxyctlCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs proxyctl in-process, as the launcher would, and captures its exit code, stdout and stderr. */
final class Cli {
    /** What one run printed and returned. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    /** Reads YAML output with the project's loader (any top-level node), for comparing with the JSON output. */
    static Object yaml(String text) {
        String wrapped = "root:\n" + text.replaceAll("(?m)^(?=.)", "  ");
        return Tree.map(io.proxyctl.config.load.YamlLoader.loadText("output.yaml", wrapped).source().root()).get("root");
    }

    static Result run(String... args) {
        CommandLine cl = ProxyctlCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
