package io.proxyctl.config.upgrade;

import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.tree.Tree;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a cluster's deprecated protocol fields ({@code http_protocol_options}, {@code http2_protocol_options},
 * {@code common_http_protocol_options}, {@code upstream_http_protocol_options}, {@code protocol_selection},
 * {@code max_requests_per_connection}) into
 * {@code typed_extension_protocol_options["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]}, the form
 * current Envoy documents and the examples use. Applied only when upgrading a v2 file: v3 still accepts the
 * old fields (with a deprecation warning), and a v3 input must come out unchanged.
 */
final class ProtocolOptionsRule {
    private static final String[] FIELDS = {"http_protocol_options", "http2_protocol_options",
        "common_http_protocol_options", "upstream_http_protocol_options", "protocol_selection",
        "max_requests_per_connection"};
    private static final String WHY = "Cluster protocol fields are deprecated in v3; HttpProtocolOptions in "
            + "typed_extension_protocol_options replaces them";

    private ProtocolOptionsRule() {
    }

    static void apply(UpgradeContext cx, Tracked c, String at) {
        List<String> present = new ArrayList<>();
        for (String key : c.map().keySet()) {
            String snake = Tree.snake(key);
            for (String f : FIELDS) {
                if (f.equals(snake)) {
                    present.add(f);
                }
            }
        }
        if (present.isEmpty()) {
            return;
        }
        Tracked typed = c.get("typed_extension_protocol_options");
        if (typed != null && (typed.map() == null || typed.map().containsKey(ApiVersions.HTTP_PROTOCOL_OPTIONS))) {
            return;
        }
        Tracked first = c.get(present.get(0));
        Tracked hpo = ExtensionRules.typedConfig(ApiVersions.HTTP_PROTOCOL_OPTIONS, first.origin);
        String typedAt = typed == null ? JsonPointer.child(at, "typed_extension_protocol_options")
                : UpgradeContext.at(at, c, "typed_extension_protocol_options");
        String hpoAt = JsonPointer.child(typedAt, ApiVersions.HTTP_PROTOCOL_OPTIONS);

        Tracked common = c.get("common_http_protocol_options");
        Tracked maxRequests = c.get("max_requests_per_connection");
        if (maxRequests != null) {
            if (common == null) {
                common = Tracked.newMap(maxRequests.origin);
            }
            if (common.map() != null && common.get("max_requests_per_connection") == null) {
                common.put("max_requests_per_connection", maxRequests);
            }
            record(cx, maxRequests, "max_requests_per_connection",
                    hpoAt + "/common_http_protocol_options/max_requests_per_connection");
        }
        if (common != null) {
            hpo.put("common_http_protocol_options", common);
            if (c.get("common_http_protocol_options") != null) {
                record(cx, common, "common_http_protocol_options", hpoAt + "/common_http_protocol_options");
            }
        }
        Tracked upstream = c.get("upstream_http_protocol_options");
        if (upstream != null) {
            hpo.put("upstream_http_protocol_options", upstream);
            record(cx, upstream, "upstream_http_protocol_options", hpoAt + "/upstream_http_protocol_options");
        }
        Tracked h1 = c.get("http_protocol_options");
        Tracked h2 = c.get("http2_protocol_options");
        Tracked selection = c.get("protocol_selection");
        boolean downstream = selection != null && "USE_DOWNSTREAM_PROTOCOL".equals(Tree.enumValue(selection.value))
                || selection != null && "1".equals(Tree.enumValue(selection.value));
        String mode = downstream ? "use_downstream_protocol_config" : "explicit_http_config";
        Tracked config = Tracked.newMap((h2 != null ? h2 : h1 != null ? h1 : first).origin);
        if (h2 != null) {
            config.put("http2_protocol_options", h2);
            record(cx, h2, "http2_protocol_options", hpoAt + "/" + mode + "/http2_protocol_options");
        }
        if (h1 != null && (downstream || h2 == null)) {
            config.put("http_protocol_options", h1);
            record(cx, h1, "http_protocol_options", hpoAt + "/" + mode + "/http_protocol_options");
        } else if (h1 != null) {
            cx.changed(Change.Kind.DEPRECATED, h1, true, "http_protocol_options dropped: the cluster speaks HTTP/2 "
                    + "(http2_protocol_options), so HTTP/1 options never applied", WHY, null);
        } else if (!downstream && h2 == null) {
            config.put("http_protocol_options", Tracked.newMap(first.origin));
        }
        hpo.put(mode, config);
        if (selection != null) {
            record(cx, selection, "protocol_selection", hpoAt + "/" + mode);
        }

        if (typed == null) {
            typed = Tracked.newMap(first.origin);
            c.replaceEntry(c.keyOf(present.get(0)), "typed_extension_protocol_options", typed);
        }
        typed.put(ApiVersions.HTTP_PROTOCOL_OPTIONS, hpo);
        for (String f : present) {
            c.remove(f);
        }
    }

    private static void record(UpgradeContext cx, Tracked node, String field, String to) {
        cx.changed(Change.Kind.DEPRECATED, node, true, field + " -> typed_extension_protocol_options."
                + ApiVersions.HTTP_PROTOCOL_OPTIONS + to.substring(to.indexOf(ApiVersions.HTTP_PROTOCOL_OPTIONS)
                + ApiVersions.HTTP_PROTOCOL_OPTIONS.length()).replace('/', '.'), WHY, to);
    }
}
