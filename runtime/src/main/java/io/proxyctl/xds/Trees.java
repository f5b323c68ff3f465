package io.proxyctl.xds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep copies of config trees (maps, lists and immutable scalars), so compositions never share mutable nodes. */
final class Trees {
    private Trees() {
    }

    static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), copy(e.getValue()));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(copy(o));
            }
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copyMap(Map<String, Object> m) {
        return (Map<String, Object>) copy(m);
    }
}
