package io.proxyctl.config.upgrade;

import static io.proxyctl.config.upgrade.UpgradeContext.at;
import static io.proxyctl.config.upgrade.UpgradeContext.each;
import static io.proxyctl.config.upgrade.UpgradeContext.one;

import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.tree.Tree;
import java.util.ArrayList;
import java.util.List;

/**
 * Upgrade rules for the bootstrap and its resources: listeners, filter chains, clusters, health checks,
 * config sources, secrets, admin and runtime.
 */
final class ResourceRules {
    private static final String WHY_TLS_CONTEXT = "v3 removed tls_context; TLS is a transport_socket named "
            + "envoy.transport_sockets.tls with a typed ";

    private ResourceRules() {
    }

    /** A bootstrap, or an xDS file shaped like a DiscoveryResponse ({@code resources: [{"@type": ...}]}). */
    static void bootstrap(UpgradeContext cx, Tracked b, String at) {
        each(b, at, "resources", (r, p) -> ExtensionRules.typed(cx, r, p));
        runtime(cx, b, at);
        one(b, at, "node", (n, p) -> cx.drop(n, "build_version", Change.Kind.V2_FIELD, "node.build_version removed",
                "v3 Node replaced build_version with user_agent_build_version, which Envoy fills itself"));
        one(b, at, "admin", (a, p) -> admin(cx, a, p));
        one(b, at, "static_resources", (s, p) -> {
            each(s, p, "listeners", (l, q) -> listener(cx, l, q));
            each(s, p, "clusters", (c, q) -> cluster(cx, c, q));
            each(s, p, "secrets", (c, q) -> secret(cx, c, q));
        });
        one(b, at, "dynamic_resources", (d, p) -> {
            one(d, p, "lds_config", (c, q) -> configSource(cx, c, q));
            one(d, p, "cds_config", (c, q) -> configSource(cx, c, q));
            one(d, p, "ads_config", (c, q) -> apiConfigSource(cx, c, q));
        });
        one(b, at, "cluster_manager", (c, p) -> one(c, p, "load_stats_config", (s, q) -> apiConfigSource(cx, s, q)));
        one(b, at, "hds_config", (c, p) -> apiConfigSource(cx, c, p));
        each(b, at, "stats_sinks", (s, p) -> ExtensionRules.element(cx, s, p, ExtensionPoint.STATS_SINK));
        one(b, at, "tracing", (t, p) -> one(t, p, "http", (h, q) -> ExtensionRules.element(cx, h, q, ExtensionPoint.TRACER)));
        one(b, at, "overload_manager", (o, p) -> each(o, p, "resource_monitors",
                (r, q) -> ExtensionRules.element(cx, r, q, ExtensionPoint.RESOURCE_MONITOR)));
    }

    /** v2 runtime {symlink_root, subdirectory, override_subdirectory, base} as the equivalent layered_runtime. */
    private static void runtime(UpgradeContext cx, Tracked b, String at) {
        Tracked rt = b.get("runtime");
        if (rt == null || rt.map() == null) {
            return;
        }
        if (b.get("layered_runtime") != null) {
            cx.notConverted(Change.Kind.V2_FIELD, rt, true, "runtime and layered_runtime are both set; remove runtime",
                    UpgradeContext.V2_REMOVED);
            return;
        }
        List<Tracked> layers = new ArrayList<>();
        Tracked base = rt.get("base");
        if (base != null) {
            Tracked l = layer("base", base.origin);
            l.put("static_layer", base);
            layers.add(l);
        }
        Tracked root = rt.get("symlink_root");
        if (root != null) {
            Tracked sub = rt.get("subdirectory");
            layers.add(diskLayer("root", root, sub, false));
            Tracked override = rt.get("override_subdirectory");
            if (override != null) {
                layers.add(diskLayer("override", root, override, true));
            }
        }
        Tracked admin = layer("admin", rt.origin);
        admin.put("admin_layer", Tracked.newMap(rt.origin));
        layers.add(admin);
        Tracked lr = Tracked.newMap(rt.origin);
        lr.put("layers", Tracked.newList(rt.origin, layers));
        cx.replace(b, at, "runtime", "layered_runtime", lr, Change.Kind.V2_FIELD,
                "runtime -> layered_runtime (base static layer, disk layers, admin layer)",
                "v3 Bootstrap reserves runtime; this is the layering Envoy documents as equivalent to the v2 runtime");
    }

    private static Tracked layer(String name, String origin) {
        Tracked l = Tracked.newMap(origin);
        l.put("name", Tracked.scalar(name, origin));
        return l;
    }

    private static Tracked diskLayer(String name, Tracked root, Tracked sub, boolean appendServiceCluster) {
        Tracked l = layer(name, root.origin);
        Tracked disk = Tracked.newMap(root.origin);
        disk.put("symlink_root", Tracked.scalar(root.value, root.origin));
        if (sub != null) {
            disk.put("subdirectory", sub);
        }
        if (appendServiceCluster) {
            disk.put("append_service_cluster", Tracked.scalar(Boolean.TRUE, sub.origin));
        }
        l.put("disk_layer", disk);
        return l;
    }

    private static void admin(UpgradeContext cx, Tracked a, String at) {
        Tracked path = a.get("access_log_path");
        if (cx.modernize && path != null && path.str() != null && a.get("access_log") == null) {
            Tracked log = Tracked.newMap(path.origin);
            log.put("name", Tracked.scalar("envoy.access_loggers.file", path.origin));
            Tracked tc = ExtensionRules.typedConfig(ApiVersions.FILE_ACCESS_LOG, path.origin);
            tc.put("path", path);
            log.put("typed_config", tc);
            cx.replace(a, at, "access_log_path", "access_log", Tracked.newList(path.origin, List.of(log)),
                    Change.Kind.DEPRECATED, "access_log_path -> access_log[0] (file access log, same path)",
                    "admin.access_log_path is deprecated in v3 in favour of admin.access_log");
        }
        each(a, at, "access_log", (l, p) -> ExtensionRules.element(cx, l, p, ExtensionPoint.ACCESS_LOG));
    }

    static void listener(UpgradeContext cx, Tracked l, String at) {
        Tracked v1 = l.get("deprecated_v1");
        if (v1 != null && v1.map() != null) {
            Tracked bind = v1.get("bind_to_port");
            if (bind != null && l.get("bind_to_port") == null) {
                cx.replace(l, at, "deprecated_v1", "bind_to_port", bind, Change.Kind.V2_FIELD,
                        "deprecated_v1.bind_to_port -> bind_to_port", "v3 Listener has bind_to_port itself");
            } else {
                cx.drop(l, "deprecated_v1", Change.Kind.V2_FIELD, "deprecated_v1 removed", UpgradeContext.V2_REMOVED);
            }
        }
        each(l, at, "listener_filters", (f, p) -> ExtensionRules.element(cx, f, p, ExtensionPoint.LISTENER_FILTER));
        each(l, at, "filter_chains", (c, p) -> filterChain(cx, c, p));
        one(l, at, "default_filter_chain", (c, p) -> filterChain(cx, c, p));
        each(l, at, "access_log", (a, p) -> ExtensionRules.element(cx, a, p, ExtensionPoint.ACCESS_LOG));
    }

    private static void filterChain(UpgradeContext cx, Tracked fc, String at) {
        tlsContext(cx, fc, at, ApiVersions.DOWNSTREAM_TLS);
        each(fc, at, "filters", (f, p) -> ExtensionRules.element(cx, f, p, ExtensionPoint.NETWORK_FILTER));
        one(fc, at, "transport_socket",
                (t, p) -> ExtensionRules.element(cx, t, p, ExtensionPoint.DOWNSTREAM_TRANSPORT_SOCKET));
    }

    /** tls_context (v2, on clusters and filter chains) -> transport_socket with the TLS context as typed_config. */
    private static void tlsContext(UpgradeContext cx, Tracked owner, String at, String tlsType) {
        Tracked tls = owner.get("tls_context");
        if (tls == null || (tls.map() == null && tls.value != null)) {
            return;
        }
        if (owner.get("transport_socket") != null) {
            cx.notConverted(Change.Kind.V2_FIELD, tls, true, "tls_context and transport_socket are both set; "
                    + "remove tls_context", WHY_TLS_CONTEXT + Tree.messageName(tlsType));
            return;
        }
        Tracked ts = Tracked.newMap(tls.origin);
        ts.put("name", Tracked.scalar("envoy.transport_sockets.tls", tls.origin));
        Tracked tc = ExtensionRules.typedConfig(tlsType, tls.origin);
        if (tls.map() != null) {
            tc.map().putAll(tls.map());
        }
        ts.put("typed_config", tc);
        String simple = tlsType.substring(tlsType.lastIndexOf('.') + 1);
        cx.replace(owner, at, "tls_context", "transport_socket", ts, Change.Kind.V2_FIELD,
                "tls_context -> transport_socket envoy.transport_sockets.tls (" + simple + ")", WHY_TLS_CONTEXT + simple);
        ExtensionRules.tls(cx, tc, JsonPointer.child(JsonPointer.child(at, "transport_socket"), "typed_config"));
    }

    static void cluster(UpgradeContext cx, Tracked c, String at) {
        hosts(cx, c, at);
        tlsContext(cx, c, at, ApiVersions.UPSTREAM_TLS);
        Tracked lb = c.get("lb_policy");
        String lbValue = lb == null ? null : Tree.enumValue(lb.value);
        if ("ORIGINAL_DST_LB".equals(lbValue) || "4".equals(lbValue)) {
            lb.value = "CLUSTER_PROVIDED";
            cx.changed(Change.Kind.V2_FIELD, lb, false, "lb_policy ORIGINAL_DST_LB -> CLUSTER_PROVIDED",
                    "v3 reserves ORIGINAL_DST_LB (4); ORIGINAL_DST clusters use CLUSTER_PROVIDED", at(at, c, "lb_policy"));
        }
        cx.rename(c, at, "drain_connections_on_host_removal", "ignore_health_on_host_removal", Change.Kind.V2_FIELD,
                "v3 renamed drain_connections_on_host_removal to ignore_health_on_host_removal");
        extensionProtocolOptions(cx, c, at);
        each(c, at, "health_checks", (h, p) -> healthCheck(cx, h, p));
        one(c, at, "eds_cluster_config", (e, p) -> one(e, p, "eds_config", (s, q) -> configSource(cx, s, q)));
        one(c, at, "transport_socket", (t, p) -> ExtensionRules.element(cx, t, p, ExtensionPoint.UPSTREAM_TRANSPORT_SOCKET));
        each(c, at, "transport_socket_matches", (m, p) -> one(m, p, "transport_socket",
                (t, q) -> ExtensionRules.element(cx, t, q, ExtensionPoint.UPSTREAM_TRANSPORT_SOCKET)));
        if (cx.modernize) {
            ProtocolOptionsRule.apply(cx, c, at);
        }
    }

    /** hosts: [Address] -> load_assignment {cluster_name, endpoints: [{lb_endpoints: [{endpoint: {address}}]}]}. */
    private static void hosts(UpgradeContext cx, Tracked c, String at) {
        Tracked hosts = c.get("hosts");
        if (hosts == null) {
            return;
        }
        List<Tracked> lbEndpoints = new ArrayList<>();
        for (Tracked h : c.items("hosts")) {
            Tracked endpoint = Tracked.newMap(h.origin);
            endpoint.put("address", h);
            Tracked lbe = Tracked.newMap(h.origin);
            lbe.put("endpoint", endpoint);
            lbEndpoints.add(lbe);
        }
        Tracked locality = Tracked.newMap(hosts.origin);
        locality.put("lb_endpoints", Tracked.newList(hosts.origin, lbEndpoints));
        String why = "v3 Cluster reserves hosts (field 7); endpoints go in load_assignment";
        Tracked existing = c.get("load_assignment");
        if (existing == null) {
            Tracked la = Tracked.newMap(hosts.origin);
            Tracked name = c.get("name");
            la.put("cluster_name", name != null ? Tracked.scalar(name.value, name.origin) : Tracked.scalar("", hosts.origin));
            la.put("endpoints", Tracked.newList(hosts.origin, List.of(locality)));
            cx.replace(c, at, "hosts", "load_assignment", la, Change.Kind.V2_FIELD,
                    "hosts -> load_assignment (" + lbEndpoints.size() + " endpoint" + (lbEndpoints.size() == 1 ? "" : "s") + ")", why);
        } else if (existing.map() != null) {
            Tracked endpoints = existing.get("endpoints");
            if (endpoints == null) {
                existing.put("endpoints", Tracked.newList(hosts.origin, List.of(locality)));
            } else if (endpoints.list() != null) {
                endpoints.list().add(locality);
            }
            cx.drop(c, "hosts", Change.Kind.V2_FIELD, "hosts appended to load_assignment.endpoints", why);
        }
    }

    /** v2 extension_protocol_options (Struct per filter name) -> typed_extension_protocol_options. */
    private static void extensionProtocolOptions(UpgradeContext cx, Tracked c, String at) {
        Tracked opts = c.get("extension_protocol_options");
        if (opts == null || opts.map() == null) {
            return;
        }
        String why = "v3 Cluster reserves extension_protocol_options; use typed_extension_protocol_options";
        if (c.get("typed_extension_protocol_options") != null) {
            cx.notConverted(Change.Kind.V2_FIELD, opts, true, "extension_protocol_options and "
                    + "typed_extension_protocol_options are both set; merge them by hand", why);
            return;
        }
        Tracked typed = Tracked.newMap(opts.origin);
        for (var e : opts.map().entrySet()) {
            String name = ApiVersions.canonicalName(ExtensionPoint.NETWORK_FILTER, e.getKey());
            String type = switch (name) {
                case "envoy.filters.network.thrift_proxy" ->
                        "envoy.extensions.filters.network.thrift_proxy.v3.ThriftProtocolOptions";
                case "envoy.filters.network.redis_proxy" ->
                        "envoy.extensions.filters.network.redis_proxy.v3.RedisProtocolOptions";
                default -> null;
            };
            if (type == null || e.getValue().map() == null) {
                cx.notConverted(Change.Kind.V2_FIELD, e.getValue(), true, "extension_protocol_options." + e.getKey()
                        + ": unknown protocol options message; write typed_extension_protocol_options by hand", why);
                return;
            }
            Tracked any = ExtensionRules.typedConfig(type, e.getValue().origin);
            any.map().putAll(e.getValue().map());
            typed.put(name, any);
        }
        cx.replace(c, at, "extension_protocol_options", "typed_extension_protocol_options", typed,
                Change.Kind.V2_FIELD, "extension_protocol_options -> typed_extension_protocol_options", why);
    }

    private static void healthCheck(UpgradeContext cx, Tracked h, String at) {
        one(h, at, "http_health_check", (http, p) -> {
            Tracked service = http.get("service_name");
            if (service != null && http.get("service_name_matcher") == null) {
                Tracked sm = Tracked.newMap(service.origin);
                sm.put("prefix", service);
                cx.replace(http, p, "service_name", "service_name_matcher", sm, Change.Kind.V2_FIELD,
                        "service_name -> service_name_matcher.prefix",
                        "v3 HttpHealthCheck replaced service_name (a prefix check) with service_name_matcher");
            }
            Tracked h2 = http.get("use_http2");
            if (h2 != null) {
                String why = "v3 HttpHealthCheck replaced use_http2 with codec_client_type";
                if (Boolean.TRUE.equals(h2.value) && http.get("codec_client_type") == null) {
                    cx.replace(http, p, "use_http2", "codec_client_type", Tracked.scalar("HTTP2", h2.origin),
                            Change.Kind.V2_FIELD, "use_http2: true -> codec_client_type: HTTP2", why);
                } else {
                    cx.drop(http, "use_http2", Change.Kind.V2_FIELD, "use_http2 removed (HTTP/1.1 is the default)", why);
                }
            }
        });
        one(h, at, "custom_health_check", (c, p) -> ExtensionRules.element(cx, c, p, ExtensionPoint.HEALTH_CHECKER));
    }

    static void configSource(UpgradeContext cx, Tracked cs, String at) {
        Tracked path = cs.get("path");
        if (cx.modernize && path != null && path.str() != null && cs.get("path_config_source") == null) {
            Tracked pcs = Tracked.newMap(path.origin);
            pcs.put("path", path);
            cx.replace(cs, at, "path", "path_config_source", pcs, Change.Kind.DEPRECATED,
                    "path -> path_config_source.path", "ConfigSource.path is deprecated in v3 in favour of path_config_source");
        }
        one(cs, at, "api_config_source", (a, p) -> apiConfigSource(cx, a, p));
    }

    private static void apiConfigSource(UpgradeContext cx, Tracked a, String at) {
        Tracked type = a.get("api_type");
        String v = type == null ? null : Tree.enumValue(type.value);
        if ("UNSUPPORTED_REST_LEGACY".equals(v) || "0".equals(v)) {
            cx.notConverted(Change.Kind.V2_FIELD, type, false, "api_type " + type.value + " has no v3 equivalent; "
                    + "use REST, GRPC or DELTA_GRPC with a v3 management server", "v3 disallows api_type 0");
        }
    }

    static void secret(UpgradeContext cx, Tracked s, String at) {
        one(s, at, "validation_context", (v, p) -> ExtensionRules.validationContext(cx, v, p));
    }
}
