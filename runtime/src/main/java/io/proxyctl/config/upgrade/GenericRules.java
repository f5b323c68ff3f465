package io.proxyctl.config.upgrade;

import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.tree.Tree;
import java.util.List;
import java.util.Map;

/**
 * Rules that apply wherever their key appears, run over the whole tree after the structural rules: v2 type URLs
 * in {@code "@type"} and TypedStruct {@code type_url}, and {@code transport_api_version} /
 * {@code resource_api_version} set to V2.
 */
final class GenericRules {
    private GenericRules() {
    }

    static void apply(UpgradeContext cx, Tracked node, String at) {
        Map<String, Tracked> m = node.map();
        if (m != null) {
            typeUrl(cx, node, at, "@type");
            if (m.containsKey("type_url") && (m.containsKey("value") || isTypedStruct(node))) {
                typeUrl(cx, node, at, "type_url");
            }
            apiVersion(cx, node, at, "transport_api_version");
            apiVersion(cx, node, at, "resource_api_version");
            for (Map.Entry<String, Tracked> e : m.entrySet()) {
                apply(cx, e.getValue(), JsonPointer.child(at, e.getKey()));
            }
            return;
        }
        List<Tracked> l = node.list();
        if (l != null) {
            for (int i = 0; i < l.size(); i++) {
                apply(cx, l.get(i), JsonPointer.child(at, i));
            }
        }
    }

    private static boolean isTypedStruct(Tracked node) {
        String t = Tree.messageName(node.getStr("@type"));
        return ExtensionRules.TYPED_STRUCT_UDPA.equals(t) || ExtensionRules.TYPED_STRUCT_XDS.equals(t);
    }

    private static void typeUrl(UpgradeContext cx, Tracked node, String at, String key) {
        Tracked t = node.map().get(key);
        if (t == null || t.str() == null) {
            return;
        }
        String url = t.str();
        String msg = Tree.messageName(url);
        if (!ApiVersions.isV2Message(msg)) {
            return;
        }
        String v3 = ApiVersions.upgradeTypeUrl(url);
        String why = "v2 messages are unknown to Envoy since 1.18 (\"Invalid type URL, unknown type\")";
        if (v3 == null) {
            cx.notConverted(Change.Kind.V2_TYPE_URL, t, false, "v2 type " + msg + " has no v3 successor (the "
                    + "extension was removed from Envoy)", why);
            return;
        }
        t.value = v3;
        cx.changed(Change.Kind.V2_TYPE_URL, t, false, msg + " -> " + Tree.messageName(v3), why,
                JsonPointer.child(at, key));
    }

    private static void apiVersion(UpgradeContext cx, Tracked node, String at, String field) {
        String key = node.keyOf(field);
        if (key == null) {
            return;
        }
        Tracked t = node.map().get(key);
        String v = Tree.enumValue(t.value);
        if ("V2".equals(v) || "1".equals(v)) {
            t.value = "V3";
            cx.changed(Change.Kind.V2_FIELD, t, false, field + " " + v + " -> V3",
                    "Envoy no longer speaks the v2 xDS transport or resources", JsonPointer.child(at, key));
        }
    }
}
