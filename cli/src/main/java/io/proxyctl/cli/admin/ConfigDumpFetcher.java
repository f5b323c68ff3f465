package io.proxyctl.cli.admin;

/**
 * Fetches {@code /config_dump}, telling Envoy's own parameter errors (400 "is not a repeated field", 400
 * "FieldMask ... could not be ...", 404 "... not found in config dump", 400 bad regex) from servers that are not an
 * admin API at all.
 */
final class ConfigDumpFetcher {
    private ConfigDumpFetcher() {
    }

    static AdminReply fetch(AdminClient client, Query query) {
        AdminReply r = client.get("/config_dump", query);
        if ((r.status() == 400 || r.status() == 404) && !r.isHtml() && !r.isEnvoyUnknownPath()) {
            String line = r.firstLine();
            if (line.endsWith("not found in config dump") || line.contains("is not a repeated field")
                    || line.startsWith("FieldMask") || line.toLowerCase(java.util.Locale.ROOT).contains("regex")) {
                throw new AdminException(r.request() + ": " + line);
            }
        }
        return r.requireOk();
    }

    static ConfigDump dump(AdminClient client, Query query) {
        return ConfigDumpReader.fromReply(fetch(client, query));
    }
}
