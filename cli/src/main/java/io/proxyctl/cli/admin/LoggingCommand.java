package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.ProxyctlCommand.UsageException;
import io.proxyctl.cli.render.TableRenderer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code proxyctl admin logging}: show or change the proxy's log levels (POST /logging). */
@Command(name = "logging", mixinStandardHelpOptions = true,
        header = "Show the log level of every logger, or change levels (POST /logging).",
        description = {"Envoy's /logging endpoint is POST-only; posted without parameters it changes nothing and lists "
                + "the loggers. --level sets every logger; NAME=LEVEL sets one (one request each, which every Envoy "
                + "version understands). Levels: trace, debug, info, warning, error, critical, off.", "",
                "Examples:",
                "  proxyctl admin logging",
                "  proxyctl admin logging --level debug",
                "  proxyctl admin logging http=debug router=trace",
                "  proxyctl admin logging -o json"},
        sortOptions = false)
public final class LoggingCommand extends AdminSubcommand {
    static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warning", "error", "critical", "off");

    @Option(names = {"-l", "--level"}, paramLabel = "LEVEL", description = "Set every logger to LEVEL (Envoy's ?level=).")
    String level;

    @Parameters(paramLabel = "NAME=LEVEL", arity = "0..*", description = "Set one logger (Envoy's ?<name>=<level>).")
    List<String> changes = new ArrayList<>();

    @Override
    int execute() {
        List<Query> requests = new ArrayList<>();
        if (level != null) {
            requests.add(Query.of().add("level", checkLevel(level)));
        }
        for (String c : changes) {
            int eq = c.indexOf('=');
            if (eq <= 0 || eq == c.length() - 1) {
                throw new UsageException("expected NAME=LEVEL, got '" + c + "'");
            }
            requests.add(Query.of().add(c.substring(0, eq), checkLevel(c.substring(eq + 1))));
        }
        if (requests.isEmpty()) {
            requests.add(Query.of());
        }
        AdminClient client = target.client();
        AdminReply last = null;
        Map<String, String> loggers = null;
        for (Query q : requests) {
            last = client.post("/logging", q);
            if (last.status() == 404 && last.body().startsWith("usage:")) {
                throw new AdminException(last.request() + ": rejected by the proxy (unknown logger or level)");
            }
            loggers = parse(last.requireOk());
        }
        switch (format()) {
            case raw -> printText(last.body());
            case table -> {
                TableRenderer t = new TableRenderer("LOGGER", "LEVEL");
                loggers.forEach(t::row);
                out().print(t.render());
            }
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("active_loggers", loggers);
                emitTree(m);
            }
        }
        return ExitCodes.OK;
    }

    private static String checkLevel(String l) {
        String v = l.toLowerCase(Locale.ROOT);
        if (v.equals("warn")) {
            v = "warning";
        }
        if (!LEVELS.contains(v)) {
            throw new UsageException("unknown log level '" + l + "' (trace, debug, info, warning, error, critical, off)");
        }
        return v;
    }

    /** Envoy's listing: {@code active loggers:} then {@code   <name>: <level>} lines. */
    static Map<String, String> parse(AdminReply r) {
        if (r.isHtml() || !r.body().startsWith("active loggers:")) {
            throw r.notAdmin("answered " + r.describeBody() + (r.isHtml() ? "" : " instead of the active loggers"));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            String t = line.strip();
            int sep = t.lastIndexOf(": ");
            if (line.startsWith(" ") && sep > 0) {
                out.put(t.substring(0, sep), t.substring(sep + 2));
            }
        }
        return out;
    }
}
