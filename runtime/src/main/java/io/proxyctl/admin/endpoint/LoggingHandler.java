package io.proxyctl.admin.endpoint;

import io.proxyctl.admin.AdminHandler;
import io.proxyctl.admin.AdminParam;
import io.proxyctl.admin.AdminRequest;
import io.proxyctl.admin.AdminResponse;
import io.proxyctl.admin.AdminTarget;
import io.proxyctl.common.LogLevels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /logging} (POST): lists the runtime's loggers, or changes levels with {@code ?level=}, {@code ?<name>=}
 * or {@code ?paths=a:debug,b:info}; errors answer 400 with Envoy's usage text. Levels apply to the runtime's own
 * log lines from the next line on.
 */
final class LoggingHandler implements AdminHandler {
    private final AdminTarget target;

    LoggingHandler(AdminTarget target) {
        this.target = target;
    }

    @Override
    public String prefix() {
        return "/logging";
    }

    @Override
    public String helpText() {
        return "query/change logging levels";
    }

    @Override
    public boolean mutatesState() {
        return true;
    }

    @Override
    public List<AdminParam> params() {
        return List.of(AdminParam.of("paths", "Change multiple logging levels by setting to "
                        + "<logger_name1>:<desired_level1>,<logger_name2>:<desired_level2>."),
                AdminParam.oneOf("level", "desired logging level, this will change all loggers's level", "", "trace",
                        "debug", "info", "warning", "error", "critical", "off"));
    }

    @Override
    public AdminResponse handle(AdminRequest r) {
        StringBuilder sb = new StringBuilder();
        int status = 200;
        if (!r.params().isEmpty()) {
            String error = change(r);
            if (error != null) {
                status = 400;
                sb.append("error: ").append(error).append("\n\n");
                sb.append("usage: /logging?<name>=<level> (change single level)\n");
                sb.append("usage: /logging?paths=name1:level1,name2:level2,... (change multiple levels)\n");
                sb.append("usage: /logging?level=<level> (change all levels)\n");
                sb.append("levels: ");
                for (LogLevels.Level l : LogLevels.Level.values()) {
                    sb.append(l.label()).append(' ');
                }
                sb.append('\n');
            }
        }
        sb.append("active loggers:\n");
        target.logLevels().levels().forEach((name, level) ->
                sb.append("  ").append(name).append(": ").append(level.label()).append('\n'));
        sb.append('\n');
        return AdminResponse.text(status, sb.toString());
    }

    /** Applies the change; returns Envoy's error message, or null. */
    private String change(AdminRequest r) {
        if (r.params().size() != 1) {
            return "invalid number of parameters";
        }
        Map.Entry<String, List<String>> p = r.params().entrySet().iterator().next();
        String key = p.getKey();
        String value = p.getValue().isEmpty() ? "" : p.getValue().get(0);
        LogLevels levels = target.logLevels();
        if (key.equals("level")) {
            LogLevels.Level l = LogLevels.Level.parse(value);
            if (l == null) {
                return "unknown logger level";
            }
            levels.setAll(l);
            return null;
        }
        Map<String, LogLevels.Level> changes = new LinkedHashMap<>();
        if (key.equals("paths")) {
            for (String pair : value.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                String[] nl = pair.split(":", 2);
                if (nl.length < 2 || nl[0].isBlank() || nl[1].isBlank()) {
                    return "empty logger name or empty logger level";
                }
                LogLevels.Level l = LogLevels.Level.parse(nl[1].strip());
                if (l == null) {
                    return "unknown logger level";
                }
                changes.put(nl[0].strip(), l);
            }
        } else {
            LogLevels.Level l = LogLevels.Level.parse(value);
            if (l == null) {
                return "unknown logger level";
            }
            changes.put(key, l);
        }
        for (String name : changes.keySet()) {
            if (!levels.exists(name)) {
                return "unknown logger name";
            }
        }
        changes.forEach(levels::set);
        return null;
    }
}
