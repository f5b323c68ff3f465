package io.proxyctl.config.check;

import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Envoy's load-time checks on {@code dynamic_resources} and the config sources that reach xDS: an {@code ads: {}}
 * source needs {@code ads_config}; ADS needs a gRPC api_type with exactly one {@code envoy_grpc} service naming a
 * static, HTTP/2 cluster; a cluster of type EDS needs {@code eds_cluster_config}. The config sources checked are
 * {@code lds_config}, {@code cds_config}, every HCM's {@code rds.config_source} and every cluster's
 * {@code eds_cluster_config.eds_config}. Whether watched files exist is checked by the validator, which reads them.
 */
final class DynamicResourceChecks {
    private static final Set<String> GRPC_TYPES = Set.of("GRPC", "DELTA_GRPC", "AGGREGATED_GRPC",
            "AGGREGATED_DELTA_GRPC", "2", "3", "5", "6");
    private static final String HTTP_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    private DynamicResourceChecks() {
    }

    static void check(ConfigIndex ix, Reporter r) {
        Map<String, ConfigIndex.Node> statics = new HashMap<>();
        if (ix.bootstrap != null) {
            for (ConfigIndex.Node c : ix.clusters) {
                if (c.str("name") != null) {
                    statics.putIfAbsent(c.str("name"), c);
                }
            }
        }
        boolean ads = false;
        ConfigIndex.Node dyn = null;
        if (ix.bootstrap != null) {
            Map<String, Object> d = Tree.mapField(ix.bootstrap.map(), "dynamic_resources");
            if (d != null) {
                dyn = new ConfigIndex.Node(ix.bootstrap.at("dynamic_resources"), d);
                ads = Tree.get(d, "ads_config") != null;
                Map<String, Object> adsConfig = Tree.mapField(d, "ads_config");
                if (adsConfig != null) {
                    adsConfig(new ConfigIndex.Node(dyn.at("ads_config"), adsConfig), statics, r);
                }
                for (String field : List.of("lds_config", "cds_config")) {
                    Map<String, Object> cs = Tree.mapField(d, field);
                    if (cs != null) {
                        configSource(new ConfigIndex.Node(dyn.at(field), cs), field, ads, statics, r);
                    }
                }
            }
        }
        for (ConfigIndex.Node h : ix.hcms) {
            Map<String, Object> rds = Tree.mapField(h.map(), "rds");
            Map<String, Object> cs = Tree.mapField(rds, "config_source");
            if (cs != null) {
                ConfigIndex.Node rn = new ConfigIndex.Node(h.at("rds"), rds);
                configSource(new ConfigIndex.Node(rn.at("config_source"), cs), "rds", ads || ix.resourceFile, statics, r);
            }
        }
        for (ConfigIndex.Node c : ix.clusters) {
            eds(c, ads || ix.resourceFile, statics, r);
        }
    }

    private static void eds(ConfigIndex.Node c, boolean ads, Map<String, ConfigIndex.Node> statics, Reporter r) {
        String type = Tree.enumValue(Tree.get(c.map(), "type"));
        Map<String, Object> eds = Tree.mapField(c.map(), "eds_cluster_config");
        if (("EDS".equals(type) || "3".equals(type)) && eds == null) {
            r.atValue(DiagnosticCode.EDS_CONFIG_MISSING, c.at("type"), "cannot create an EDS cluster without an EDS "
                    + "config (cluster '" + c.str("name") + "')", "add eds_cluster_config: {eds_config: {ads: {}}}");
        }
        Map<String, Object> cs = Tree.mapField(eds, "eds_config");
        if (cs != null) {
            ConfigIndex.Node en = new ConfigIndex.Node(c.at("eds_cluster_config"), eds);
            configSource(new ConfigIndex.Node(en.at("eds_config"), cs), "eds", ads, statics, r);
        }
    }

    /** One ConfigSource: ads needs ads_config; an api_config_source is checked like ads_config. */
    private static void configSource(ConfigIndex.Node cs, String what, boolean ads,
                                     Map<String, ConfigIndex.Node> statics, Reporter r) {
        if (Tree.key(cs.map(), "ads") != null && !ads) {
            r.atKey(DiagnosticCode.XDS_ADS_NOT_CONFIGURED, cs.at("ads"), what + ": the config source uses ADS but "
                    + "dynamic_resources has no ads_config", "add dynamic_resources.ads_config {api_type: GRPC, "
                    + "grpc_services: [{envoy_grpc: {cluster_name: <static cluster>}}]}");
        }
        Map<String, Object> api = Tree.mapField(cs.map(), "api_config_source");
        if (api != null) {
            apiConfigSource(new ConfigIndex.Node(cs.at("api_config_source"), api), what, false, statics, r);
        }
    }

    private static void adsConfig(ConfigIndex.Node ads, Map<String, ConfigIndex.Node> statics, Reporter r) {
        apiConfigSource(ads, "ads_config", true, statics, r);
    }

    private static void apiConfigSource(ConfigIndex.Node api, String what, boolean ads,
                                        Map<String, ConfigIndex.Node> statics, Reporter r) {
        String type = Tree.enumValue(Tree.get(api.map(), "api_type"));
        boolean grpc = type != null && GRPC_TYPES.contains(type);
        if (ads && !grpc) {
            String shown = type == null ? "unset" : type;
            r.atValue(DiagnosticCode.XDS_API_TYPE, type == null ? api.pointer() : api.at("api_type"), what
                    + ": api_type " + shown + " cannot carry ADS", "set api_type: GRPC");
            return;
        }
        if (!grpc) {
            // REST polling: the schema and NotImplementedChecker say what they must; no cluster rules to apply here.
            return;
        }
        List<Tree.Item> services = Tree.items(api.map(), api.pointer(), "grpc_services");
        if (services.size() != 1) {
            r.atValue(DiagnosticCode.XDS_GRPC_SERVICE, services.isEmpty() ? api.pointer() : api.at("grpc_services"),
                    what + ": " + type + " must have a single gRPC service specified (found " + services.size() + ")",
                    "give one grpc_services entry: {envoy_grpc: {cluster_name: <static cluster>}}");
            return;
        }
        if (!Tree.items(api.map(), api.pointer(), "cluster_names").isEmpty()) {
            r.atKey(DiagnosticCode.XDS_GRPC_SERVICE, api.at("cluster_names"), what + ": " + type
                    + " must not have a cluster name specified", "remove cluster_names (it is for REST)");
        }
        Tree.Item service = services.get(0);
        Map<String, Object> envoyGrpc = Tree.mapField(service.value(), "envoy_grpc");
        if (envoyGrpc == null) {
            // google_grpc: the schema accepts it; NotImplementedChecker reports that proxyctl does not.
            return;
        }
        ConfigIndex.Node eg = new ConfigIndex.Node(Tree.field(service.pointer(), service.value(), "envoy_grpc"),
                envoyGrpc);
        String cluster = eg.str("cluster_name");
        if (cluster == null) {
            return;
        }
        ConfigIndex.Node c = statics.get(cluster);
        if (c == null) {
            String close = DidYouMean.closest(cluster, statics.keySet());
            r.atValue(DiagnosticCode.XDS_CLUSTER_UNKNOWN, eg.at("cluster_name"), what + ": unknown static cluster '"
                    + cluster + "' for the gRPC service", close != null ? "did you mean '" + close + "'?"
                    : "define '" + cluster + "' in static_resources.clusters");
            return;
        }
        if (Tree.get(c.map(), "transport_socket") != null) {
            r.atKey(DiagnosticCode.NOT_IMPLEMENTED, c.at("transport_socket"), "cluster '" + cluster + "' carries "
                    + what + ": TLS to the management server is not implemented; proxyctl run refuses to start",
                    "reach the management server over plaintext on a trusted network, or run this config with Envoy");
        }
        if (!http2(c.map())) {
            r.atValue(DiagnosticCode.XDS_CLUSTER_NOT_HTTP2, c.at("name"), "cluster '" + cluster + "' carries "
                    + what + " over gRPC but is not configured for HTTP/2", "add typed_extension_protocol_options: "
                    + "{envoy.extensions.upstreams.http.v3.HttpProtocolOptions: {\"@type\": type.googleapis.com/"
                    + HTTP_OPTIONS + ", explicit_http_config: {http2_protocol_options: {}}}}");
        }
    }

    /** Whether a cluster speaks HTTP/2 upstream: the deprecated field, or explicit HTTP/2 protocol options. */
    static boolean http2(Map<String, Object> cluster) {
        if (Tree.get(cluster, "http2_protocol_options") != null) {
            return true;
        }
        Map<String, Object> options = Tree.mapField(cluster, "typed_extension_protocol_options");
        if (options == null) {
            return false;
        }
        for (Object v : options.values()) {
            Map<String, Object> o = Tree.map(v);
            if (o == null || !HTTP_OPTIONS.equals(Tree.anyType(o))) {
                continue;
            }
            Map<String, Object> explicit = Tree.mapField(o, "explicit_http_config");
            if (explicit != null && Tree.get(explicit, "http2_protocol_options") != null) {
                return true;
            }
            // ALPN picks h2 only over TLS.
            if (Tree.get(o, "auto_config") != null && Tree.get(cluster, "transport_socket") != null) {
                return true;
            }
        }
        return false;
    }
}
