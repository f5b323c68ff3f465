package io.proxyctl.config.upgrade;

import static io.proxyctl.config.upgrade.UpgradeContext.at;
import static io.proxyctl.config.upgrade.UpgradeContext.each;
import static io.proxyctl.config.upgrade.UpgradeContext.one;

import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.tree.Tree;
import java.util.ArrayList;
import java.util.List;

/**
 * Upgrade rules for extensions: a {@code name} + {@code config}/{@code typed_config} element at any extension
 * point, and the typed configs whose insides changed between v2 and v3 (HTTP connection manager, TCP proxy,
 * file access log, TLS contexts, TypedStruct).
 */
final class ExtensionRules {
    static final String WHY_NAME = "deprecated extension names are a config error since Envoy 1.20; "
            + "the canonical name replaces it";
    static final String WHY_CONFIG = "v3 removed the untyped 'config' Struct: extensions take 'typed_config' "
            + "with a v3 \"@type\"";
    static final String WHY_TYPED = "since Envoy 1.22 the type URL selects the extension: without typed_config "
            + "Envoy fails with \"Didn't find a registered implementation for '<name>' with type URL: ''\"";
    static final String TYPED_STRUCT_UDPA = "udpa.type.v1.TypedStruct";
    static final String TYPED_STRUCT_XDS = "xds.type.v3.TypedStruct";

    private ExtensionRules() {
    }

    /** An extension element ({@code name}, {@code config} or {@code typed_config}) at {@code point}. */
    static void element(UpgradeContext cx, Tracked el, String at, ExtensionPoint point) {
        Tracked name = el.get("name");
        String n = name == null ? null : name.str();
        if (n != null && ApiVersions.isDeprecatedName(point, n)) {
            String canonical = ApiVersions.canonicalName(point, n);
            name.value = canonical;
            cx.changed(Change.Kind.EXTENSION_NAME, name, false, "name '" + n + "' -> '" + canonical + "'", WHY_NAME,
                    at(at, el, "name"));
            n = canonical;
        }
        String type = ApiVersions.typeFor(point, n);
        Tracked config = el.get("config");
        if (config != null) {
            if (type != null && (config.map() != null || config.value == null)) {
                Tracked tc = typedConfig(type, config.origin);
                if (config.map() != null) {
                    tc.map().putAll(config.map());
                }
                cx.replace(el, at, "config", "typed_config", tc, Change.Kind.V2_FIELD,
                        "config -> typed_config (\"@type\": " + type + ")", WHY_CONFIG);
            } else {
                cx.notConverted(Change.Kind.V2_FIELD, config, true, "config of " + point.label() + " '" + n
                        + "': no known v3 message for this extension; write its typed_config by hand", WHY_CONFIG);
            }
        } else if (el.get("typed_config") == null && el.get("config_discovery") == null && type != null) {
            Tracked tc = typedConfig(type, name != null ? name.origin : el.origin);
            el.putAfter(el.keyOf("name"), "typed_config", tc);
            cx.changed(Change.Kind.TYPED_CONFIG_ADDED, name != null ? name : el, false,
                    "typed_config added to " + point.label() + " '" + n + "' (\"@type\": " + type + ")", WHY_TYPED,
                    JsonPointer.child(at, "typed_config"));
        }
        one(el, at, "typed_config", (tc, p) -> typed(cx, tc, p));
    }

    static Tracked typedConfig(String type, String origin) {
        Tracked tc = Tracked.newMap(origin);
        tc.put("@type", Tracked.scalar(ApiVersions.TYPE_PREFIX + type, origin));
        return tc;
    }

    /** A google.protobuf.Any: upgrades what is inside according to its (v3) "@type". */
    static void typed(UpgradeContext cx, Tracked any, String at) {
        String msg = Tree.messageName(any.getStr("@type"));
        String v3 = ApiVersions.upgradeMessage(msg);
        message(cx, any, at, v3 != null ? v3 : msg);
    }

    /** Upgrades the fields of a message of (v3) type {@code msg}. */
    static void message(UpgradeContext cx, Tracked m, String at, String msg) {
        if (msg == null) {
            return;
        }
        switch (msg) {
            case ApiVersions.HCM -> hcm(cx, m, at);
            case ApiVersions.TCP_PROXY -> tcpProxy(cx, m, at);
            case ApiVersions.ROUTER -> each(m, at, "upstream_log", (l, p) -> element(cx, l, p, ExtensionPoint.ACCESS_LOG));
            case ApiVersions.FILE_ACCESS_LOG -> fileAccessLog(cx, m, at);
            case ApiVersions.UPSTREAM_TLS, ApiVersions.DOWNSTREAM_TLS -> tls(cx, m, at);
            case "envoy.extensions.transport_sockets.tls.v3.Secret" -> ResourceRules.secret(cx, m, at);
            case "envoy.config.listener.v3.Listener" -> ResourceRules.listener(cx, m, at);
            case "envoy.config.cluster.v3.Cluster" -> ResourceRules.cluster(cx, m, at);
            case "envoy.config.route.v3.RouteConfiguration" -> RouteRules.routeConfig(cx, m, at);
            case "envoy.config.route.v3.VirtualHost" -> RouteRules.virtualHost(cx, m, at);
            case "envoy.extensions.filters.http.cors.v3.CorsPolicy" -> RouteRules.cors(cx, m, at);
            case "envoy.config.bootstrap.v3.Bootstrap" -> ResourceRules.bootstrap(cx, m, at);
            case TYPED_STRUCT_UDPA, TYPED_STRUCT_XDS -> typedStruct(cx, m, at);
            default -> {
            }
        }
    }

    /** TypedStruct {type_url, value}: the value is a message of type_url written as plain JSON. */
    private static void typedStruct(UpgradeContext cx, Tracked ts, String at) {
        String msg = Tree.messageName(ts.getStr("type_url"));
        String v3 = ApiVersions.upgradeMessage(msg);
        one(ts, at, "value", (v, p) -> message(cx, v, p, v3 != null ? v3 : msg));
    }

    private static void hcm(UpgradeContext cx, Tracked h, String at) {
        String idleKey = h.keyOf("idle_timeout");
        if (idleKey != null) {
            Tracked idle = h.map().get(idleKey);
            Tracked common = h.get("common_http_protocol_options");
            if (common == null) {
                common = Tracked.newMap(idle.origin);
                h.putAfter(idleKey, "common_http_protocol_options", common);
            }
            if (common.map() != null && common.get("idle_timeout") == null) {
                h.remove("idle_timeout");
                common.put("idle_timeout", idle);
                cx.changed(Change.Kind.V2_FIELD, idle, true, "idle_timeout -> common_http_protocol_options.idle_timeout",
                        "v3 HttpConnectionManager reserves idle_timeout (field 11); the connection idle timeout "
                                + "moved to common_http_protocol_options",
                        JsonPointer.child(at(at, h, "common_http_protocol_options"), "idle_timeout"));
            } else {
                cx.notConverted(Change.Kind.V2_FIELD, idle, true, "idle_timeout and "
                        + "common_http_protocol_options.idle_timeout are both set; remove idle_timeout", UpgradeContext.V2_REMOVED);
            }
        }
        each(h, at, "http_filters", (f, p) -> element(cx, f, p, ExtensionPoint.HTTP_FILTER));
        each(h, at, "access_log", (l, p) -> element(cx, l, p, ExtensionPoint.ACCESS_LOG));
        one(h, at, "route_config", (r, p) -> RouteRules.routeConfig(cx, r, p));
        one(h, at, "rds", (r, p) -> one(r, p, "config_source", (c, q) -> ResourceRules.configSource(cx, c, q)));
        one(h, at, "tracing", (t, p) -> tracing(cx, t, p));
        each(h, at, "upgrade_configs", (u, p) -> each(u, p, "filters", (f, q) -> element(cx, f, q, ExtensionPoint.HTTP_FILTER)));
    }

    private static void tracing(UpgradeContext cx, Tracked t, String at) {
        cx.drop(t, "operation_name", Change.Kind.V2_FIELD, "tracing.operation_name removed",
                "v3 removed operation_name; Envoy derives the span operation from the listener's traffic_direction");
        Tracked headers = t.get("request_headers_for_tags");
        if (headers != null && headers.list() != null) {
            List<Tracked> tags = new ArrayList<>();
            for (Tracked h : headers.list()) {
                Tracked tag = Tracked.newMap(h.origin);
                tag.put("tag", Tracked.scalar(h.value, h.origin));
                Tracked rh = Tracked.newMap(h.origin);
                rh.put("name", Tracked.scalar(h.value, h.origin));
                tag.put("request_header", rh);
                tags.add(tag);
            }
            Tracked existing = t.get("custom_tags");
            if (existing == null) {
                cx.replace(t, at, "request_headers_for_tags", "custom_tags", Tracked.newList(headers.origin, tags),
                        Change.Kind.V2_FIELD, "request_headers_for_tags -> custom_tags (request_header)", UpgradeContext.V2_REMOVED);
            } else if (existing.list() != null) {
                existing.list().addAll(tags);
                cx.drop(t, "request_headers_for_tags", Change.Kind.V2_FIELD,
                        "request_headers_for_tags merged into custom_tags", UpgradeContext.V2_REMOVED);
            }
        }
    }

    private static void tcpProxy(UpgradeContext cx, Tracked t, String at) {
        Tracked v1 = t.get("deprecated_v1");
        if (v1 != null) {
            List<Tracked> routes = v1.items("routes");
            Tracked only = routes.size() == 1 ? routes.get(0) : null;
            boolean simple = only != null && only.map().size() == 1 && only.get("cluster") != null;
            if (simple && t.get("cluster") == null && t.get("weighted_clusters") == null) {
                Tracked cluster = only.get("cluster");
                cx.replace(t, at, "deprecated_v1", "cluster", cluster, Change.Kind.V2_FIELD,
                        "deprecated_v1.routes[0].cluster -> cluster", "v3 TcpProxy removed the deprecated_v1 route table");
            } else {
                cx.notConverted(Change.Kind.V2_FIELD, v1, true, "deprecated_v1 route table with matching rules has no "
                        + "v3 equivalent; use filter_chain_match per destination and one tcp_proxy per chain",
                        "v3 TcpProxy removed the deprecated_v1 route table");
            }
        }
        each(t, at, "access_log", (l, p) -> element(cx, l, p, ExtensionPoint.ACCESS_LOG));
    }

    private static void fileAccessLog(UpgradeContext cx, Tracked f, String at) {
        if (!cx.modernize || f.get("log_format") != null) {
            return;
        }
        String why = "FileAccessLog format/json_format are deprecated in v3 in favour of log_format";
        Tracked format = f.get("format");
        Tracked json = f.get("json_format") != null ? f.get("json_format") : f.get("typed_json_format");
        if (format != null && json == null) {
            Tracked lf = Tracked.newMap(format.origin);
            Tracked src = Tracked.newMap(format.origin);
            src.put("inline_string", format);
            lf.put("text_format_source", src);
            cx.replace(f, at, "format", "log_format", lf, Change.Kind.DEPRECATED,
                    "format -> log_format.text_format_source.inline_string", why);
        } else if (json != null && format == null) {
            String key = f.keyOf("json_format") != null ? "json_format" : "typed_json_format";
            Tracked lf = Tracked.newMap(json.origin);
            lf.put("json_format", json);
            cx.replace(f, at, key, "log_format", lf, Change.Kind.DEPRECATED, key + " -> log_format.json_format", why);
        }
    }

    /** Upstream/DownstreamTlsContext (v2 envoy.api.v2.auth, same fields in v3 except the validation context). */
    static void tls(UpgradeContext cx, Tracked t, String at) {
        one(t, at, "common_tls_context", (c, p) -> commonTls(cx, c, p));
        one(t, at, "session_ticket_keys_sds_secret_config", (s, p) -> sdsSecret(cx, s, p));
    }

    private static void commonTls(UpgradeContext cx, Tracked c, String at) {
        one(c, at, "validation_context", (v, p) -> validationContext(cx, v, p));
        one(c, at, "combined_validation_context", (cv, p) -> {
            one(cv, p, "default_validation_context", (v, q) -> validationContext(cx, v, q));
            one(cv, p, "validation_context_sds_secret_config", (s, q) -> sdsSecret(cx, s, q));
        });
        one(c, at, "validation_context_sds_secret_config", (s, p) -> sdsSecret(cx, s, p));
        each(c, at, "tls_certificate_sds_secret_configs", (s, p) -> sdsSecret(cx, s, p));
    }

    private static void sdsSecret(UpgradeContext cx, Tracked s, String at) {
        one(s, at, "sds_config", (c, p) -> ResourceRules.configSource(cx, c, p));
    }

    /** CertificateValidationContext: v2 verify_subject_alt_name matched DNS and URI SANs. */
    static void validationContext(UpgradeContext cx, Tracked v, String at) {
        Tracked sans = v.get("verify_subject_alt_name");
        if (sans == null || sans.list() == null) {
            return;
        }
        List<Tracked> typed = new ArrayList<>();
        for (Tracked san : sans.list()) {
            for (String sanType : new String[] {"DNS", "URI"}) {
                Tracked m = Tracked.newMap(san.origin);
                m.put("san_type", Tracked.scalar(sanType, san.origin));
                Tracked matcher = Tracked.newMap(san.origin);
                matcher.put("exact", Tracked.scalar(san.value, san.origin));
                m.put("matcher", matcher);
                typed.add(m);
            }
        }
        String why = "v3 removed verify_subject_alt_name; v2 compared each value with the DNS and URI SANs, "
                + "which one DNS and one URI matcher per value reproduce";
        Tracked existing = v.get("match_typed_subject_alt_names");
        if (existing == null) {
            cx.replace(v, at, "verify_subject_alt_name", "match_typed_subject_alt_names", Tracked.newList(sans.origin, typed),
                    Change.Kind.V2_FIELD, "verify_subject_alt_name -> match_typed_subject_alt_names (DNS and URI)", why);
        } else if (existing.list() != null) {
            existing.list().addAll(typed);
            cx.drop(v, "verify_subject_alt_name", Change.Kind.V2_FIELD,
                    "verify_subject_alt_name merged into match_typed_subject_alt_names", why);
        }
    }
}
