package io.proxyctl.cli.admin;

import io.proxyctl.cli.render.TableRenderer;
import java.util.ArrayList;
import java.util.List;

/**
 * The routes table from a config dump's route configurations: one row per route with its route config, virtual
 * host, domains, match and action, in the order Envoy evaluates them (first match wins).
 */
public final class RoutesFormat {
    private RoutesFormat() {
    }

    public static String table(List<DumpResource> routeConfigs) {
        TableRenderer t = new TableRenderer("ROUTE_CONFIG", "VHOST", "DOMAINS", "MATCH", "ACTION");
        for (DumpResource rc : routeConfigs) {
            String name = rc.name().isEmpty() ? "(unnamed)" : rc.name();
            List<Object> vhosts = Tree.list(Tree.field(rc.config(), "virtual_hosts"));
            if (vhosts.isEmpty()) {
                t.row(name);
            }
            for (Object vh : vhosts) {
                String vname = Tree.str(Tree.field(vh, "name"));
                List<String> domains = new ArrayList<>();
                for (Object d : Tree.list(Tree.field(vh, "domains"))) {
                    domains.add(Tree.str(d));
                }
                List<Object> routes = Tree.list(Tree.field(vh, "routes"));
                if (routes.isEmpty()) {
                    t.row(name, vname, String.join(",", domains));
                }
                for (Object r : routes) {
                    t.row(name, vname, String.join(",", domains), match(Tree.field(r, "match")), action(r));
                }
            }
        }
        return t.render();
    }

    /** {@code prefix /api}, {@code path /health}, {@code regex ^/v[0-9]+/}, plus header and query conditions. */
    static String match(Object m) {
        StringBuilder sb = new StringBuilder();
        if (Tree.field(m, "prefix") != null) {
            sb.append("prefix ").append(Tree.str(Tree.field(m, "prefix")));
        } else if (Tree.field(m, "path") != null) {
            sb.append("path ").append(Tree.str(Tree.field(m, "path")));
        } else if (Tree.field(m, "safe_regex") != null) {
            sb.append("regex ").append(Tree.str(Tree.field(Tree.field(m, "safe_regex"), "regex")));
        } else if (Tree.field(m, "path_separated_prefix") != null) {
            sb.append("path_separated_prefix ").append(Tree.str(Tree.field(m, "path_separated_prefix")));
        } else if (Tree.field(m, "connect_matcher") != null) {
            sb.append("CONNECT");
        } else if (Tree.field(m, "path_match_policy") != null) {
            Object cfg = Tree.field(Tree.field(m, "path_match_policy"), "typed_config");
            sb.append("path_template ").append(Tree.str(Tree.field(cfg, "path_template")));
        } else {
            sb.append("any");
        }
        for (Object h : Tree.list(Tree.field(m, "headers"))) {
            sb.append(" header ").append(Tree.str(Tree.field(h, "name"))).append(headerCondition(h));
        }
        for (Object q : Tree.list(Tree.field(m, "query_parameters"))) {
            sb.append(" query ").append(Tree.str(Tree.field(q, "name"))).append(stringMatch(Tree.field(q, "string_match"),
                    Boolean.TRUE.equals(Tree.field(q, "present_match")) ? "" : null));
        }
        if (Tree.field(m, "grpc") != null) {
            sb.append(" grpc");
        }
        if (Boolean.FALSE.equals(Tree.field(m, "case_sensitive"))) {
            sb.append(" (case-insensitive)");
        }
        return sb.toString();
    }

    private static String headerCondition(Object h) {
        String c;
        if (Tree.field(h, "exact_match") != null) {
            c = "=" + Tree.str(Tree.field(h, "exact_match"));
        } else if (Tree.field(h, "prefix_match") != null) {
            c = "=" + Tree.str(Tree.field(h, "prefix_match")) + "*";
        } else if (Tree.field(h, "suffix_match") != null) {
            c = "=*" + Tree.str(Tree.field(h, "suffix_match"));
        } else if (Tree.field(h, "contains_match") != null) {
            c = "=*" + Tree.str(Tree.field(h, "contains_match")) + "*";
        } else if (Tree.field(h, "safe_regex_match") != null) {
            c = "~" + Tree.str(Tree.field(Tree.field(h, "safe_regex_match"), "regex"));
        } else if (Tree.field(h, "present_match") != null) {
            c = Boolean.FALSE.equals(Tree.field(h, "present_match")) ? " absent" : " present";
        } else {
            c = stringMatch(Tree.field(h, "string_match"), " present");
        }
        return (Boolean.TRUE.equals(Tree.field(h, "invert_match")) ? " not" : "") + c;
    }

    private static String stringMatch(Object sm, String absent) {
        if (sm == null) {
            return absent == null ? "" : absent;
        }
        if (Tree.field(sm, "exact") != null) {
            return "=" + Tree.str(Tree.field(sm, "exact"));
        } else if (Tree.field(sm, "prefix") != null) {
            return "=" + Tree.str(Tree.field(sm, "prefix")) + "*";
        } else if (Tree.field(sm, "suffix") != null) {
            return "=*" + Tree.str(Tree.field(sm, "suffix"));
        } else if (Tree.field(sm, "contains") != null) {
            return "=*" + Tree.str(Tree.field(sm, "contains")) + "*";
        } else if (Tree.field(sm, "safe_regex") != null) {
            return "~" + Tree.str(Tree.field(Tree.field(sm, "safe_regex"), "regex"));
        }
        return "";
    }

    /** {@code cluster: x}, {@code weighted: a:80,b:20}, {@code redirect: 301 https://...}, {@code direct_response: 200}. */
    static String action(Object r) {
        Object route = Tree.field(r, "route");
        if (route != null) {
            if (Tree.field(route, "cluster") != null) {
                return "cluster: " + Tree.str(Tree.field(route, "cluster"));
            } else if (Tree.field(route, "weighted_clusters") != null) {
                return "weighted: " + weighted(Tree.field(route, "weighted_clusters"));
            } else if (Tree.field(route, "cluster_header") != null) {
                return "cluster_header: " + Tree.str(Tree.field(route, "cluster_header"));
            } else if (Tree.field(route, "cluster_specifier_plugin") != null) {
                return "cluster_specifier_plugin: " + Tree.str(Tree.field(route, "cluster_specifier_plugin"));
            } else if (Tree.field(route, "inline_cluster_specifier_plugin") != null) {
                return "cluster_specifier_plugin: (inline)";
            }
            return "route";
        }
        Object redirect = Tree.field(r, "redirect");
        if (redirect != null) {
            return "redirect: " + redirect(redirect);
        }
        Object direct = Tree.field(r, "direct_response");
        if (direct != null) {
            return "direct_response: " + Tree.str(Tree.field(direct, "status"));
        }
        if (Tree.field(r, "filter_action") != null) {
            return "filter_action";
        }
        if (Tree.field(r, "non_forwarding_action") != null) {
            return "non_forwarding";
        }
        return "";
    }

    static String weighted(Object wc) {
        List<String> parts = new ArrayList<>();
        for (Object c : Tree.list(Tree.field(wc, "clusters"))) {
            Object w = Tree.field(c, "weight");
            parts.add(Tree.str(Tree.field(c, "name")) + (w == null ? "" : ":" + Tree.str(w instanceof java.util.Map ? Tree.field(w, "value") : w)));
        }
        return String.join(",", parts);
    }

    private static String redirect(Object r) {
        String code = switch (Tree.str(Tree.field(r, "response_code"))) {
            case "FOUND" -> "302";
            case "SEE_OTHER" -> "303";
            case "TEMPORARY_REDIRECT" -> "307";
            case "PERMANENT_REDIRECT" -> "308";
            default -> "301";
        };
        StringBuilder sb = new StringBuilder(code).append(' ');
        String scheme = Boolean.TRUE.equals(Tree.field(r, "https_redirect")) ? "https" : Tree.str(Tree.field(r, "scheme_redirect"));
        if (!scheme.isEmpty()) {
            sb.append(scheme).append("://");
        }
        String host = Tree.str(Tree.field(r, "host_redirect"));
        sb.append(host.isEmpty() ? "(host)" : host);
        String port = Tree.str(Tree.field(r, "port_redirect"));
        if (!port.isEmpty()) {
            sb.append(':').append(port);
        }
        String path = Tree.str(Tree.field(r, "path_redirect"));
        String prefix = Tree.str(Tree.field(r, "prefix_rewrite"));
        sb.append(!path.isEmpty() ? path : !prefix.isEmpty() ? prefix + "*" : "(path)");
        return sb.toString();
    }
}
