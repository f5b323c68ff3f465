package io.proxyctl.config.diff;

import io.proxyctl.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Computes what identifies a list element ({@link ListRule.Identity}) and how that identity is shown. */
final class Identities {
    private Identities() {
    }

    /** The element's identity, or null when it has none (then the list is compared by position). */
    static String of(ListRule.Identity identity, Node item) {
        Node.MapNode m = item instanceof Node.MapNode mm ? mm : null;
        switch (identity) {
            case POSITION:
                return null;
            case VALUE:
                return compact(item.plain());
            case NAME:
                return m == null ? null : m.string("name");
            case ROUTE:
                if (m == null) {
                    return null;
                }
                if (m.string("name") != null) {
                    return m.string("name");
                }
                return m.get("match") == null ? null : compact(m.get("match").plain());
            case FILTER_CHAIN:
                if (m == null) {
                    return null;
                }
                if (m.string("name") != null) {
                    return m.string("name");
                }
                Node match = m.get("filter_chain_match");
                return match == null || match.plain() instanceof Map<?, ?> mp && mp.isEmpty() ? "*" : compact(match.plain());
            case LB_ENDPOINT:
                return m == null ? null : endpointAddress(m);
            case LOCALITY:
                return m == null ? null : locality(m);
            default:
                throw new IllegalStateException(identity.toString());
        }
    }

    /** Sort key for unordered lists: the identity, else the canonical JSON. */
    static String sortKey(ListRule.Identity identity, Node item) {
        String id = of(identity, item);
        return id != null ? id : Json.write(item.plain());
    }

    private static String endpointAddress(Node.MapNode lbEndpoint) {
        Object address = path(lbEndpoint.plain(), "endpoint", "address");
        if (address == null) {
            return null;
        }
        Object sock = path(address, "socket_address");
        if (sock instanceof Map<?, ?> s) {
            Object port = s.containsKey("port_value") ? s.get("port_value") : s.get("named_port");
            return s.get("address") + ":" + (port == null ? 0 : port);
        }
        Object pipe = path(address, "pipe", "path");
        return pipe != null ? "unix:" + pipe : compact(address);
    }

    private static String locality(Node.MapNode group) {
        List<String> parts = new ArrayList<>();
        if (path(group.plain(), "locality") instanceof Map<?, ?> loc) {
            for (String f : List.of("region", "zone", "sub_zone")) {
                if (loc.get(f) != null) {
                    parts.add(f + "=" + loc.get(f));
                }
            }
        }
        Object priority = path(group.plain(), "priority");
        if (priority != null) {
            parts.add("priority=" + priority);
        }
        return parts.isEmpty() ? "*" : String.join(",", parts);
    }

    private static Object path(Object v, String... fields) {
        Object cur = v;
        for (String f : fields) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(f);
        }
        return cur;
    }

    /**
     * A short one-line rendering: a scalar as is, a flat map as {@code k=v,k2=v2}, anything else as compact JSON.
     */
    static String compact(Object v) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()
                && m.values().stream().allMatch(x -> !(x instanceof Map) && !(x instanceof List))) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(e.getKey()).append('=').append(e.getValue());
            }
            return sb.toString();
        }
        if (v instanceof String s) {
            return s;
        }
        return Json.write(v);
    }
}
