package io.proxyctl.cli.admin;

import java.util.List;

/**
 * Asks an admin endpoint for stats: {@code /stats?format=json} with the selection's parameters, falling back to
 * what older Envoys understand (no {@code type=}, text instead of JSON), then applies the selection locally.
 */
final class StatsFetcher {
    private StatsFetcher() {
    }

    static List<Stat> fetch(AdminClient client, StatsSelection selection) {
        Query q = selection.query(Query.of().add("format", "json"));
        AdminReply r = client.get("/stats", q);
        if (r.status() == 400 && selection.type() != null && r.body().contains("type")) {
            r = client.get("/stats", q.without("type"));
        }
        return selection.apply(parse(r));
    }

    /** The reply as stats, whichever format the server chose. */
    static List<Stat> parse(AdminReply r) {
        r.requireOk();
        if (!r.isHtml() && !r.body().stripLeading().startsWith("{") && !r.body().isBlank()) {
            return StatsParser.parseText(r); // an Envoy without format=json answers in text
        }
        return StatsParser.parseJson(r);
    }

    /** The text reply, checked to be Envoy stats, for {@code -o raw}. */
    static AdminReply raw(AdminClient client, StatsSelection selection) {
        Query q = selection.query(Query.of());
        AdminReply r = client.get("/stats", q);
        if (r.status() == 400 && selection.type() != null && r.body().contains("type")) {
            r = client.get("/stats", q.without("type"));
        }
        StatsParser.parseText(r);
        return r;
    }
}
