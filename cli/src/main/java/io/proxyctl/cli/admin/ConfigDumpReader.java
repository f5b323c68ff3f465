package io.proxyctl.cli.admin;

import io.proxyctl.cli.ProxyctlCommand.UsageException;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.validate.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Gets a {@link ConfigDump} from a live {@code /config_dump} reply or from a saved file ({@code curl
 * :9901/config_dump > dump.json}, or proxyctl's own {@code -o yaml} output). A file that cannot be read is a usage
 * error; one that is not a config dump fails with a one-line reason.
 */
public final class ConfigDumpReader {
    private ConfigDumpReader() {
    }

    public static ConfigDump fromReply(AdminReply reply) {
        ConfigDump dump = ConfigDump.of(reply.jsonObject("configs"));
        if (dump == null) {
            throw reply.notAdmin("answered JSON whose \"configs\" are not typed config dumps");
        }
        return dump;
    }

    /** Reads a saved dump; {@code "-"} reads standard input. */
    public static ConfigDump fromFile(String path, InputStream stdin) {
        String name = path.equals("-") ? "<stdin>" : path;
        String text;
        try {
            byte[] bytes = path.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(path));
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException(name + ": no such file");
        } catch (IOException e) {
            throw new UsageException(name + ": cannot read: " + e.getMessage());
        }
        return parse(name, text);
    }

    static ConfigDump parse(String name, String text) {
        String t = text.stripLeading();
        Object tree;
        if (t.startsWith("{") || t.startsWith("[") || t.isEmpty()) {
            try {
                tree = JsonParser.parse(text);
            } catch (JsonParser.JsonException e) {
                throw new AdminException(name + ": not a config dump: " + e.getMessage());
            }
        } else {
            LoadResult r = YamlLoader.loadText(name, text);
            if (!r.ok()) {
                Diagnostic d = r.diagnostics().get(0);
                throw new AdminException(name + (d.line() > 0 ? ":" + d.line() : "") + ": not a config dump: " + d.message());
            }
            tree = r.source().root();
        }
        ConfigDump dump = ConfigDump.of(tree);
        if (dump == null) {
            throw new AdminException(name + ": not a config dump (expected {\"configs\": [{\"@type\": ...}, ...]}, "
                    + "as saved from /config_dump)");
        }
        return dump;
    }
}
