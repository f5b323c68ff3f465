package io.proxyctl.cli.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code /listeners}: {@code ?format=json} ({@code {"listener_statuses":[{"name":..,"local_address":..,
 * "additional_local_addresses":[..]}]}}) or the text form, one {@code <name>::<ip:port>} line per bound address.
 */
public final class ListenersParser {
    private ListenersParser() {
    }

    public static List<ListenerStatus> parse(AdminReply r) {
        r.requireOk();
        if (r.isHtml()) {
            throw r.notAdmin("answered " + r.describeBody());
        }
        return r.body().stripLeading().startsWith("{") ? parseJson(r) : parseText(r);
    }

    static List<ListenerStatus> parseJson(AdminReply r) {
        Map<String, Object> root = r.jsonObject(null);
        if (!root.isEmpty() && !root.containsKey("listener_statuses")) {
            throw r.notAdmin("answered JSON without \"listener_statuses\"");
        }
        List<ListenerStatus> out = new ArrayList<>();
        for (Object l : Tree.list(root.get("listener_statuses"))) {
            List<String> addrs = new ArrayList<>();
            addrs.add(Addresses.format(Tree.at(l, "local_address")));
            for (Object a : Tree.list(Tree.at(l, "additional_local_addresses"))) {
                addrs.add(Addresses.format(a));
            }
            out.add(new ListenerStatus(Tree.str(Tree.at(l, "name")), addrs));
        }
        return out;
    }

    static List<ListenerStatus> parseText(AdminReply r) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        String[] lines = r.body().split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int sep = line.indexOf("::");
            if (sep <= 0 || sep + 2 >= line.length()) {
                throw r.notAdmin("answered with text that is not Envoy's /listeners format (line " + (i + 1) + ": '"
                        + AdminReply.abbreviate(line) + "')");
            }
            byName.computeIfAbsent(line.substring(0, sep), k -> new ArrayList<>()).add(line.substring(sep + 2));
        }
        List<ListenerStatus> out = new ArrayList<>();
        byName.forEach((n, a) -> out.add(new ListenerStatus(n, a)));
        return out;
    }
}
