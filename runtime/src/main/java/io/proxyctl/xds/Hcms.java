package io.proxyctl.xds;

import io.proxyctl.config.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds the HTTP connection manager configs (typed_config mappings) of a listener tree. */
final class Hcms {
    static final String HCM = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";

    private Hcms() {
    }

    /** The typed_config maps of every HCM filter in the listener's filter chains and default chain. */
    static List<Map<String, Object>> of(Map<String, Object> listener) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Object> chains = new ArrayList<>();
        for (Tree.Item c : Tree.items(listener, "", "filter_chains")) {
            chains.add(c.value());
        }
        if (Tree.get(listener, "default_filter_chain") != null) {
            chains.add(Tree.get(listener, "default_filter_chain"));
        }
        for (Object chain : chains) {
            for (Tree.Item f : Tree.items(chain, "", "filters")) {
                Map<String, Object> tc = Tree.mapField(f.value(), "typed_config");
                if (tc != null && HCM.equals(Tree.anyType(tc))) {
                    out.add(tc);
                }
            }
        }
        return out;
    }
}
