package io.proxyctl.config.check;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PX6001 warnings for every configured field, enum value and extension the proxyctl runtime does not implement,
 * so {@code proxyctl run} never ignores configuration silently. One warning per unimplemented subtree (the
 * fields inside an ignored field are not listed again). Run it on the v3 document.
 *
 * <pre>
 * List&lt;Diagnostic&gt; gaps = NotImplementedChecker.check(v3source, StaticCoverage.issue3());
 * </pre>
 */
public final class NotImplementedChecker {
    private static final String IGNORED = "ignored by proxyctl run";

    private NotImplementedChecker() {
    }

    /** Warnings for {@code source} against {@code coverage}, walking with the builtin catalogue. */
    public static List<Diagnostic> check(ConfigSource source, Coverage coverage) {
        return check(source, coverage, CatalogSchema.builtin());
    }

    /** Warnings for {@code source} against {@code coverage}, walking with {@code schema}. */
    public static List<Diagnostic> check(ConfigSource source, Coverage coverage, MessageSchema schema) {
        Reporter r = new Reporter(source);
        List<String> grpcClusters = grpcClusterPointers(source.root());
        new MessageWalker(schema).walkDocument(source.root(), new MessageWalker.Visitor() {
            @Override
            public boolean field(String message, String field, FieldInfo info, String pointer, Object value) {
                if (field.equals("http2_protocol_options")
                        && grpcClusters.stream().anyMatch(c -> pointer.startsWith(c + "/"))) {
                    // The management server's cluster: its HTTP/2 options are what the xDS gRPC client speaks.
                    return false;
                }
                if (!coverage.implementsField(message, field, pointer)) {
                    r.atKey(DiagnosticCode.NOT_IMPLEMENTED, pointer, JsonPointer.toFieldPath(pointer)
                            + " is not implemented: " + IGNORED, "remove it, or run this config with Envoy");
                    return false;
                }
                if (field.equals("request_headers_timeout") && message.endsWith(".HttpConnectionManager")
                        && !"HTTP1".equals(Tree.enumValue(Tree.get(Tree.map(JsonPointer.resolve(source.root(),
                                JsonPointer.parent(pointer))), "codec_type")))) {
                    r.atKey(DiagnosticCode.NOT_IMPLEMENTED, pointer, JsonPointer.toFieldPath(pointer)
                            + " applies to HTTP/1.1 connections only: HTTP/2 streams of this connection manager get"
                            + " no request headers timeout", "set codec_type: HTTP1, or run this config with Envoy");
                }
                if (!(value instanceof Map) && !(value instanceof List) && !coverage.implementsValue(message, field, value)) {
                    r.atValue(DiagnosticCode.NOT_IMPLEMENTED, pointer, JsonPointer.toFieldPath(pointer) + ": "
                            + Tree.text(value) + " is not implemented by proxyctl run", "use a supported value, or run "
                            + "this config with Envoy");
                }
                return true;
            }

            @Override
            public boolean any(String message, String field, String typeName, String pointer, Map<String, Object> value) {
                // message == null: a resource of an xDS file; its fields are judged like the bootstrap's.
                if (message == null || typeName == null || coverage.implementsType(typeName)) {
                    return true;
                }
                String shown = typeName;
                if (ConfigIndex.isTypedStruct(typeName)) {
                    shown = Tree.messageName(Tree.strField(value, "type_url")) + " (in a TypedStruct)";
                }
                String name = Tree.strField(Tree.map(JsonPointer.resolve(source.root(), JsonPointer.parent(pointer))), "name");
                String what = kind(message) + (name == null ? "" : " '" + name + "'");
                String at = value.containsKey("@type") ? JsonPointer.child(pointer, "@type") : pointer;
                r.atValue(DiagnosticCode.NOT_IMPLEMENTED, at, what + " (" + shown + ") is not implemented: "
                        + consequence(message), "remove it, or run this config with Envoy");
                return false;
            }
        });
        return new ArrayList<>(r.diagnostics());
    }

    /** Pointers of the static clusters ads_config's gRPC service names. */
    private static List<String> grpcClusterPointers(Object root) {
        Map<String, Object> ads = Tree.mapField(Tree.mapField(root, "dynamic_resources"), "ads_config");
        List<String> names = new ArrayList<>();
        for (Tree.Item s : Tree.items(ads, "", "grpc_services")) {
            String n = Tree.strField(Tree.mapField(s.value(), "envoy_grpc"), "cluster_name");
            if (n != null) {
                names.add(n);
            }
        }
        List<String> out = new ArrayList<>();
        ConfigIndex ix = ConfigIndex.of(root);
        for (ConfigIndex.Node c : ix.clusters) {
            if (names.contains(c.str("name"))) {
                out.add(c.pointer());
            }
        }
        return out;
    }

    private static String kind(String message) {
        if (message == null) {
            return "resource";
        }
        return switch (message) {
            case "envoy.config.listener.v3.Filter" -> "network filter";
            case "envoy.config.listener.v3.ListenerFilter" -> "listener filter";
            case "envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter" -> "HTTP filter";
            case "envoy.config.accesslog.v3.AccessLog" -> "access logger";
            case "envoy.config.core.v3.TransportSocket" -> "transport socket";
            default -> "extension";
        };
    }

    /** What proxyctl run does about an extension it does not implement, by where the extension sits. */
    private static String consequence(String message) {
        if ("envoy.config.listener.v3.Filter".equals(message)) {
            return "proxyctl run cannot serve this filter chain";
        }
        if ("envoy.config.core.v3.TransportSocket".equals(message)) {
            return "proxyctl run cannot use this transport socket";
        }
        return IGNORED;
    }
}
