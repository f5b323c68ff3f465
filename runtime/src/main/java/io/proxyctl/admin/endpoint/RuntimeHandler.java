package io.proxyctl.admin.endpoint;

import io.proxyctl.admin.AdminHandler;
import io.proxyctl.admin.AdminRequest;
import io.proxyctl.admin.AdminResponse;
import io.proxyctl.admin.AdminTarget;
import io.proxyctl.common.Json;
import io.proxyctl.config.tree.Tree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /runtime}: the layers of {@code layered_runtime} and, for every key of its static layers, the value per
 * layer and the final value ({@code {"layers": [...], "entries": {"k": {"layer_values": [...],
 * "final_value": ".."}}}}). Disk, RTDS and admin layers are listed; this runtime loads no values into them.
 */
final class RuntimeHandler implements AdminHandler {
    private final AdminTarget target;

    RuntimeHandler(AdminTarget target) {
        this.target = target;
    }

    @Override
    public String prefix() {
        return "/runtime";
    }

    @Override
    public String helpText() {
        return "print runtime values";
    }

    @Override
    public AdminResponse handle(AdminRequest r) {
        List<String> layers = new ArrayList<>();
        List<Map<String, String>> values = new ArrayList<>();
        Map<String, Object> rt = Tree.mapField(target.configTree(), "layered_runtime");
        for (Tree.Item layer : Tree.items(rt, "", "layers")) {
            String name = Tree.strField(layer.value(), "name");
            layers.add(name == null ? "" : name);
            Map<String, String> flat = new TreeMap<>();
            flatten("", Tree.get(layer.value(), "static_layer"), flat);
            values.add(flat);
        }
        Map<String, Object> entries = new TreeMap<>();
        for (Map<String, String> layer : values) {
            for (String key : layer.keySet()) {
                if (entries.containsKey(key)) {
                    continue;
                }
                List<String> perLayer = new ArrayList<>();
                String last = "";
                for (Map<String, String> l : values) {
                    String v = l.getOrDefault(key, "");
                    perLayer.add(v);
                    if (l.containsKey(key)) {
                        last = v;
                    }
                }
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("layer_values", perLayer);
                e.put("final_value", last);
                entries.put(key, e);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("layers", layers);
        root.put("entries", entries);
        return AdminResponse.json(200, Json.pretty(root, 1) + "\n");
    }

    private static void flatten(String prefix, Object v, Map<String, String> out) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                flatten(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (v != null && !prefix.isEmpty()) {
            String t = Tree.text(v);
            out.put(prefix, t != null ? t : String.valueOf(v));
        }
    }
}
