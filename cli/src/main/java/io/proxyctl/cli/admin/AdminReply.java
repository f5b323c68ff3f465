package io.proxyctl.cli.admin;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reply from an admin endpoint, with the checks that tell an Envoy admin API from any other HTTP server: Envoy
 * answers unknown paths with its help text, mutations with {@code OK}, and JSON endpoints with JSON objects.
 *
 * @param address     where it came from
 * @param method      GET or POST
 * @param target      path and query as sent
 * @param status      HTTP status
 * @param contentType the Content-Type header, "" when absent
 * @param body        the body as text
 */
public record AdminReply(AdminAddress address, String method, String target, int status, String contentType, String body) {
    private static final Pattern TITLE = Pattern.compile("<title>\\s*([^<]{0,80})", Pattern.CASE_INSENSITIVE);

    /** What was asked, for messages: {@code GET /stats?format=json}. */
    public String request() {
        return method + " " + target;
    }

    /** True when the body is an HTML page (Envoy's admin home page is the only HTML it serves, at {@code /}). */
    public boolean isHtml() {
        String t = body.stripLeading();
        return contentType.toLowerCase(Locale.ROOT).startsWith("text/html")
                || t.regionMatches(true, 0, "<!doctype", 0, 9) || t.regionMatches(true, 0, "<html", 0, 5);
    }

    /** True for Envoy's reply to an unknown path: 404 and the help text. */
    boolean isEnvoyUnknownPath() {
        return status == 404 && body.startsWith("invalid path.");
    }

    /** Throws unless the status is 200, explaining Envoy's error replies and spotting non-admin servers. */
    public AdminReply requireOk() {
        if (status == 200) {
            return this;
        }
        if (isEnvoyUnknownPath()) {
            throw new AdminException(address + " has no " + path() + " endpoint (" + request() + " answered 404 with the admin help)");
        }
        if (isHtml() || status == 404) {
            throw notAdmin("answered " + describeStatus());
        }
        if (status == 405 && body.contains("not allowed")) {
            throw new AdminException(request() + " to " + address + ": " + status + " " + firstLine());
        }
        if (status == 403) {
            throw new AdminException(request() + " to " + address + ": 403 forbidden (not in the proxy's admin.allow_paths)");
        }
        throw new AdminException(request() + " to " + address + ": " + status
                + (firstLine().isEmpty() ? "" : " " + firstLine()));
    }

    /** Parses the body as a JSON object holding {@code key}, or explains why this is no admin reply. */
    public Map<String, Object> jsonObject(String key) {
        requireOk();
        if (isHtml()) {
            throw notAdmin("answered " + describeBody());
        }
        Object tree;
        try {
            tree = JsonParser.parse(body);
        } catch (JsonParser.JsonException e) {
            throw notAdmin("answered with a body that is not JSON (" + e.getMessage() + ")");
        }
        if (!(tree instanceof Map<?, ?>) || (key != null && !((Map<?, ?>) tree).containsKey(key))) {
            throw notAdmin("answered JSON without \"" + key + "\"");
        }
        return Tree.map(tree);
    }

    /** Checks a mutation's reply: Envoy answers {@code OK}. */
    public AdminReply requireOkBody() {
        requireOk();
        if (isHtml() || !body.strip().equals("OK")) {
            throw notAdmin("answered " + (isHtml() ? describeBody() : describeBody() + " instead of OK"));
        }
        return this;
    }

    /** An error saying the server is not an Envoy admin API, with what it did instead. */
    public AdminException notAdmin(String what) {
        return new AdminException(address + " is not an Envoy admin endpoint: " + request() + " " + what);
    }

    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    String firstLine() {
        String t = body.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }

    private String describeStatus() {
        String body = describeBody();
        return body.isEmpty() ? String.valueOf(status) : status + " " + body;
    }

    /** {@code with an HTML page ("title")}, {@code 'first line'}, or "" for an empty body; for messages. */
    String describeBody() {
        if (isHtml()) {
            return "with an HTML page" + title();
        }
        return firstLine().isEmpty() ? "" : "'" + abbreviate(firstLine()) + "'";
    }

    private String title() {
        Matcher m = TITLE.matcher(body);
        return m.find() ? " (\"" + m.group(1).strip() + "\")" : "";
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 60 ? one : one.substring(0, 57) + "...";
    }
}
