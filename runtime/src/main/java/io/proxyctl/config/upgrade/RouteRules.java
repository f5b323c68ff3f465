package io.proxyctl.config.upgrade;

import static io.proxyctl.config.upgrade.UpgradeContext.at;
import static io.proxyctl.config.upgrade.UpgradeContext.each;
import static io.proxyctl.config.upgrade.UpgradeContext.one;

import io.proxyctl.config.load.JsonPointer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upgrade rules for route configuration: virtual hosts, routes, matchers, route actions, CORS policies and
 * per-filter configs.
 */
final class RouteRules {
    private static final String WHY_REGEX = "v3 removed the ECMAScript 'regex' matchers; safe_regex uses RE2 "
            + "(google_re2 syntax, the default engine)";

    private RouteRules() {
    }

    static void routeConfig(UpgradeContext cx, Tracked r, String at) {
        each(r, at, "virtual_hosts", (v, p) -> virtualHost(cx, v, p));
        one(r, at, "vhds", (v, p) -> one(v, p, "config_source", (c, q) -> ResourceRules.configSource(cx, c, q)));
        perFilterConfig(cx, r, at);
        each(r, at, "request_mirror_policies", (m, p) -> mirrorPolicy(cx, m, p));
    }

    static void virtualHost(UpgradeContext cx, Tracked v, String at) {
        perFilterConfig(cx, v, at);
        one(v, at, "cors", (c, p) -> cors(cx, c, p));
        each(v, at, "routes", (r, p) -> route(cx, r, p));
        one(v, at, "retry_policy", (r, p) -> retryPolicy(cx, r, p));
        each(v, at, "request_mirror_policies", (m, p) -> mirrorPolicy(cx, m, p));
    }

    private static void route(UpgradeContext cx, Tracked r, String at) {
        one(r, at, "match", (m, p) -> routeMatch(cx, m, p));
        one(r, at, "route", (a, p) -> routeAction(cx, a, p));
        perFilterConfig(cx, r, at);
    }

    private static void routeMatch(UpgradeContext cx, Tracked m, String at) {
        Tracked regex = m.get("regex");
        if (regex != null && regex.str() != null) {
            cx.replace(m, at, "regex", "safe_regex", regexMatcher(regex), Change.Kind.V2_FIELD,
                    "regex -> safe_regex", WHY_REGEX);
        }
        each(m, at, "headers", (h, p) -> headerMatcher(cx, h, p));
        each(m, at, "query_parameters", (q, p) -> queryParameter(cx, q, p));
    }

    /** {regex: value} derived from a regex string node. */
    private static Tracked regexMatcher(Tracked regex) {
        Tracked rm = Tracked.newMap(regex.origin);
        rm.put("regex", regex);
        return rm;
    }

    private static void headerMatcher(UpgradeContext cx, Tracked h, String at) {
        Tracked regex = h.get("regex_match");
        if (regex != null && h.get("string_match") == null) {
            Tracked sm = Tracked.newMap(regex.origin);
            sm.put("safe_regex", regexMatcher(regex));
            cx.replace(h, at, "regex_match", "string_match", sm, Change.Kind.V2_FIELD,
                    "regex_match -> string_match.safe_regex", WHY_REGEX);
            return;
        }
        if (!cx.modernize || h.get("string_match") != null) {
            return;
        }
        String[][] forms = {{"exact_match", "exact"}, {"prefix_match", "prefix"}, {"suffix_match", "suffix"},
            {"contains_match", "contains"}, {"safe_regex_match", "safe_regex"}};
        for (String[] f : forms) {
            Tracked old = h.get(f[0]);
            if (old != null) {
                Tracked sm = Tracked.newMap(old.origin);
                sm.put(f[1], old);
                cx.replace(h, at, f[0], "string_match", sm, Change.Kind.DEPRECATED, f[0] + " -> string_match." + f[1],
                        "HeaderMatcher." + f[0] + " is deprecated in v3 in favour of string_match");
                return;
            }
        }
    }

    private static void queryParameter(UpgradeContext cx, Tracked q, String at) {
        Tracked value = q.get("value");
        Tracked regexFlag = q.get("regex");
        if (value == null && regexFlag == null) {
            return;
        }
        String why = "v3 QueryParameterMatcher removed value/regex in favour of string_match";
        if (value == null) {
            cx.drop(q, "regex", Change.Kind.V2_FIELD, "regex (without value) removed", why);
            return;
        }
        boolean regex = regexFlag != null && Boolean.TRUE.equals(regexFlag.value);
        Tracked sm = Tracked.newMap(value.origin);
        if (regex) {
            sm.put("safe_regex", regexMatcher(value));
        } else {
            sm.put("exact", value);
        }
        if (q.get("string_match") == null) {
            cx.replace(q, at, "value", "string_match", sm, Change.Kind.V2_FIELD,
                    "value" + (regex ? " (regex: true)" : "") + " -> string_match." + (regex ? "safe_regex" : "exact"), why);
            if (regexFlag != null) {
                q.remove("regex");
            }
        }
    }

    private static void routeAction(UpgradeContext cx, Tracked a, String at) {
        Tracked hostRewrite = a.get("host_rewrite");
        if (hostRewrite != null && hostRewrite.str() != null && !hostRewrite.str().contains("%")) {
            cx.rename(a, at, "host_rewrite", "host_rewrite_literal", Change.Kind.V2_FIELD,
                    "v2 host_rewrite (field 6) is host_rewrite_literal in v3; Envoy before 1.36 rejects host_rewrite, "
                            + "newer ones read it as a substitution format");
        }
        cx.rename(a, at, "auto_host_rewrite_header", "host_rewrite_header", Change.Kind.V2_FIELD,
                "v3 renamed auto_host_rewrite_header to host_rewrite_header");
        Tracked single = a.get("request_mirror_policy");
        if (single != null && single.map() != null) {
            Tracked policies = a.get("request_mirror_policies");
            if (policies == null) {
                cx.replace(a, at, "request_mirror_policy", "request_mirror_policies",
                        Tracked.newList(single.origin, List.of(single)), Change.Kind.V2_FIELD,
                        "request_mirror_policy -> request_mirror_policies[0]", "v3 allows several mirror policies; "
                                + "the singular field is reserved");
            } else if (policies.list() != null) {
                policies.list().add(single);
                cx.drop(a, "request_mirror_policy", Change.Kind.V2_FIELD,
                        "request_mirror_policy appended to request_mirror_policies", UpgradeContext.V2_REMOVED);
            }
        }
        each(a, at, "request_mirror_policies", (m, p) -> mirrorPolicy(cx, m, p));
        one(a, at, "cors", (c, p) -> cors(cx, c, p));
        one(a, at, "retry_policy", (r, p) -> retryPolicy(cx, r, p));
        one(a, at, "weighted_clusters", (w, p) -> each(w, p, "clusters", (c, q) -> perFilterConfig(cx, c, q)));
    }

    private static void mirrorPolicy(UpgradeContext cx, Tracked m, String at) {
        Tracked key = m.get("runtime_key");
        if (key == null || m.get("runtime_fraction") != null) {
            return;
        }
        // v2: "the % of requests to mirror, from 0 to 10000 (0.01% steps); 0 when the key is absent".
        Tracked rf = Tracked.newMap(key.origin);
        Tracked dflt = Tracked.newMap(key.origin);
        dflt.put("numerator", Tracked.scalar(0L, key.origin));
        dflt.put("denominator", Tracked.scalar("TEN_THOUSAND", key.origin));
        rf.put("default_value", dflt);
        rf.put("runtime_key", key);
        cx.replace(m, at, "runtime_key", "runtime_fraction", rf, Change.Kind.V2_FIELD,
                "runtime_key -> runtime_fraction {runtime_key, default 0/10000}",
                "v3 RequestMirrorPolicy removed runtime_key; runtime_fraction keeps its 0.01% scale and 0 default");
    }

    /** CorsPolicy, on a virtual host or route (deprecated there in v3 but accepted) or as per-route config. */
    static void cors(UpgradeContext cx, Tracked c, String at) {
        List<Tracked> matchers = new ArrayList<>();
        Tracked origins = c.get("allow_origin");
        Tracked regexes = c.get("allow_origin_regex");
        String why = "v3 CorsPolicy removed allow_origin and allow_origin_regex in favour of allow_origin_string_match";
        if (origins != null && origins.list() != null) {
            for (Tracked o : origins.list()) {
                Tracked sm = Tracked.newMap(o.origin);
                sm.put("exact", o);
                matchers.add(sm);
            }
        }
        if (regexes != null && regexes.list() != null) {
            for (Tracked r : regexes.list()) {
                Tracked sm = Tracked.newMap(r.origin);
                sm.put("safe_regex", regexMatcher(r));
                matchers.add(sm);
            }
        }
        if (!matchers.isEmpty()) {
            Tracked first = origins != null ? origins : regexes;
            String firstKey = origins != null ? "allow_origin" : "allow_origin_regex";
            Tracked existing = c.get("allow_origin_string_match");
            if (existing == null) {
                cx.replace(c, at, firstKey, "allow_origin_string_match", Tracked.newList(first.origin, matchers),
                        Change.Kind.V2_FIELD, firstKey + " -> allow_origin_string_match", why);
            } else if (existing.list() != null) {
                existing.list().addAll(matchers);
                cx.drop(c, firstKey, Change.Kind.V2_FIELD, firstKey + " merged into allow_origin_string_match", why);
            }
            if (origins != null && regexes != null) {
                cx.drop(c, "allow_origin_regex", Change.Kind.V2_FIELD,
                        "allow_origin_regex merged into allow_origin_string_match", why);
            }
        }
        Tracked enabled = c.get("enabled");
        if (enabled != null && c.get("filter_enabled") == null) {
            boolean on = !Boolean.FALSE.equals(enabled.value);
            Tracked fe = Tracked.newMap(enabled.origin);
            Tracked dv = Tracked.newMap(enabled.origin);
            dv.put("numerator", Tracked.scalar(on ? 100L : 0L, enabled.origin));
            dv.put("denominator", Tracked.scalar("HUNDRED", enabled.origin));
            fe.put("default_value", dv);
            cx.replace(c, at, "enabled", "filter_enabled", fe, Change.Kind.V2_FIELD,
                    "enabled: " + on + " -> filter_enabled " + (on ? "100%" : "0%"),
                    "v3 CorsPolicy removed 'enabled' in favour of filter_enabled");
        }
    }

    private static void retryPolicy(UpgradeContext cx, Tracked r, String at) {
        each(r, at, "retry_host_predicate", (p, q) -> ExtensionRules.element(cx, p, q, ExtensionPoint.RETRY_HOST_PREDICATE));
        one(r, at, "retry_priority", (p, q) -> ExtensionRules.element(cx, p, q, ExtensionPoint.RETRY_PRIORITY));
    }

    /**
     * per_filter_config (filter name -> Struct) becomes typed_per_filter_config (filter name -> Any) for the
     * filters whose per-route message is known; typed_per_filter_config keys lose deprecated filter names,
     * which must match the (renamed) HTTP filter names.
     */
    private static void perFilterConfig(UpgradeContext cx, Tracked owner, String at) {
        Tracked old = owner.get("per_filter_config");
        if (old != null && old.map() != null) {
            Tracked typed = owner.get("typed_per_filter_config");
            boolean created = typed == null;
            if (created) {
                typed = Tracked.newMap(old.origin);
            }
            if (typed.map() != null) {
                String typedAt = created ? JsonPointer.child(at, "typed_per_filter_config") : at(at, owner, "typed_per_filter_config");
                Map<String, Tracked> left = new LinkedHashMap<>();
                for (Map.Entry<String, Tracked> e : old.map().entrySet()) {
                    String name = ApiVersions.canonicalName(ExtensionPoint.PER_ROUTE, e.getKey());
                    String type = ApiVersions.typeFor(ExtensionPoint.PER_ROUTE, name);
                    Tracked v = e.getValue();
                    if (type == null || (v.map() == null && v.value != null) || typed.map().containsKey(name)) {
                        left.put(e.getKey(), v);
                        cx.notConverted(Change.Kind.V2_FIELD, v, true, "per_filter_config." + e.getKey()
                                + ": no known v3 per-route message for this filter; write typed_per_filter_config by hand",
                                "v3 removed per_filter_config (Struct) in favour of typed_per_filter_config");
                        continue;
                    }
                    Tracked any = ExtensionRules.typedConfig(type, v.origin);
                    if (v.map() != null) {
                        any.map().putAll(v.map());
                    }
                    typed.put(name, any);
                    cx.changed(Change.Kind.V2_FIELD, v, true, "per_filter_config." + e.getKey()
                                    + " -> typed_per_filter_config." + name + " (\"@type\": " + type + ")",
                            "v3 removed per_filter_config (Struct) in favour of typed_per_filter_config",
                            JsonPointer.child(typedAt, name));
                }
                if (left.isEmpty()) {
                    if (created) {
                        owner.replaceEntry(owner.keyOf("per_filter_config"), "typed_per_filter_config", typed);
                    } else {
                        owner.remove("per_filter_config");
                    }
                } else {
                    old.map().clear();
                    old.map().putAll(left);
                    if (created && !typed.map().isEmpty()) {
                        owner.putAfter(owner.keyOf("per_filter_config"), "typed_per_filter_config", typed);
                    }
                }
            }
        }
        Tracked typed = owner.get("typed_per_filter_config");
        if (typed == null || typed.map() == null) {
            return;
        }
        String typedAt = at(at, owner, "typed_per_filter_config");
        for (String key : new ArrayList<>(typed.map().keySet())) {
            Tracked v = typed.map().get(key);
            String name = key;
            if (ApiVersions.isDeprecatedName(ExtensionPoint.PER_ROUTE, key)) {
                name = ApiVersions.canonicalName(ExtensionPoint.PER_ROUTE, key);
                if (!typed.map().containsKey(name)) {
                    typed.replaceEntry(key, name, v);
                    cx.changed(Change.Kind.EXTENSION_NAME, v, true, "typed_per_filter_config key '" + key + "' -> '"
                            + name + "'", ExtensionRules.WHY_NAME + "; per-route keys must match the filter name",
                            JsonPointer.child(typedAt, name));
                } else {
                    name = key;
                }
            }
            if (v.map() != null) {
                ExtensionRules.typed(cx, v, JsonPointer.child(typedAt, name));
            }
        }
    }
}
