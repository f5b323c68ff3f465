package io.proxyctl.config.check;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of an xDS resource file (a DiscoveryResponse: {@code version_info}, {@code resources: [{"@type": ...}]})
 * beyond the schema: every resource is of one xDS resource type, the one the response's {@code type_url} names
 * and, when the file is known to be subscribed to (an LDS file), the one that subscription asks for.
 */
public final class ResourceFileChecks {
    private static final Set<String> XDS_TYPES = Set.of(WatchedFiles.LISTENER, WatchedFiles.CLUSTER,
            WatchedFiles.ROUTE_CONFIGURATION, WatchedFiles.CLUSTER_LOAD_ASSIGNMENT);

    private ResourceFileChecks() {
    }

    /** True when the document is shaped as a DiscoveryResponse rather than a bootstrap. */
    public static boolean isResourceFile(Object root) {
        Map<String, Object> m = Tree.map(root);
        return m != null && Tree.get(m, "resources") != null && Tree.get(m, "static_resources") == null
                && Tree.get(m, "dynamic_resources") == null && Tree.get(m, "admin") == null;
    }

    /**
     * The type problems of a resource file; {@code expectedType} is the message the subscribing config source
     * asks for, or null when the file is validated on its own.
     */
    public static List<Diagnostic> check(ConfigSource source, String expectedType) {
        Reporter r = new Reporter(source);
        Map<String, Object> root = Tree.map(source.root());
        String responseType = Tree.messageName(Tree.strField(root, "type_url"));
        String first = null;
        for (Tree.Item item : Tree.items(root, "", "resources")) {
            String type = ConfigIndex.upgraded(Tree.anyType(item.value()));
            if (type == null) {
                continue;
            }
            String at = item.pointer() + "/@type";
            if (expectedType != null && !expectedType.equals(type)) {
                r.atValue(DiagnosticCode.XDS_RESOURCE_TYPE, at, "the subscription expects " + expectedType
                        + " resources, this one is " + type, "move it to the file of its own subscription");
            } else if (responseType != null && !responseType.equals(type)) {
                r.atValue(DiagnosticCode.XDS_RESOURCE_TYPE, at, type + " does not match the message-wide type URL "
                        + responseType, "set type_url to the resources' type, or remove it");
            } else if (first != null && !first.equals(type)) {
                r.atValue(DiagnosticCode.XDS_RESOURCE_TYPE, at, "the file mixes " + first + " and " + type
                        + " resources; one DiscoveryResponse carries one type", "split it into one file per type");
            } else if (expectedType == null && !XDS_TYPES.contains(type)) {
                r.atValue(DiagnosticCode.XDS_RESOURCE_TYPE, DiagnosticCode.XDS_RESOURCE_TYPE.defaultSeverity(), at,
                        type + " is not a resource type proxyctl subscribes to (Listener, Cluster, "
                                + "RouteConfiguration, ClusterLoadAssignment)", null);
            }
            if (first == null) {
                first = type;
            }
        }
        return new ArrayList<>(r.diagnostics());
    }
}
