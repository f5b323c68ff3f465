package io.proxyctl.cli.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Envoy's {@code /config_dump} parameters applied to a saved dump, for {@code --file}: {@code resource} (the
 * elements of one repeated field, each typed {@code <Dump>.<Element>}), {@code mask} (a FieldMask of
 * comma-separated dotted paths; {@code @type} is always kept) and {@code name_regex} (keeps resources whose name
 * matches the whole regex). Errors read like Envoy's.
 */
final class ConfigDumpQuery {
    private ConfigDumpQuery() {
    }

    static Map<String, Object> apply(ConfigDump dump, String resource, String mask, Pattern nameRegex) {
        List<String[]> paths = mask == null ? null
                : Arrays.stream(mask.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.split("\\.")).toList();
        List<Object> configs = new ArrayList<>();
        if (resource != null) {
            boolean found = false;
            boolean present = false;
            for (Map<String, Object> c : dump.configs()) {
                String type = ConfigDump.shortType(c);
                present |= c.containsKey(resource);
                for (String[] f : ConfigDump.FIELDS.getOrDefault(type, new String[0][])) {
                    if (!f[0].equals(resource)) {
                        continue;
                    }
                    found = true;
                    for (Object e : Tree.list(c.get(resource))) {
                        if (!nameMatches(nameRegex, f, Tree.map(e))) {
                            continue;
                        }
                        Map<String, Object> el = new LinkedHashMap<>();
                        el.put("@type", ConfigDump.ADMIN_TYPE_PREFIX + type + "." + f[1]);
                        el.putAll(Tree.map(e));
                        configs.add(paths == null ? el : trim(el, paths));
                    }
                }
            }
            if (!found) {
                throw new AdminException(present
                        ? resource + " is not a repeated field. Use --mask " + resource + " to get only this field"
                        : resource + " not found in config dump");
            }
        } else {
            for (Map<String, Object> c : dump.configs()) {
                Map<String, Object> copy = nameRegex == null ? c : filterNames(c, nameRegex);
                if (paths != null) {
                    copy = trim(copy, paths);
                    if (copy.size() <= 1) {
                        continue; // the mask names no field of this dump
                    }
                }
                configs.add(copy);
            }
            if (paths != null && configs.isEmpty()) {
                throw new AdminException("FieldMask " + mask + " could not be successfully applied to any configs.");
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("configs", configs);
        return root;
    }

    private static Map<String, Object> filterNames(Map<String, Object> c, Pattern regex) {
        String[][] fields = ConfigDump.FIELDS.get(ConfigDump.shortType(c));
        if (fields == null) {
            return c;
        }
        Map<String, Object> out = new LinkedHashMap<>(c);
        for (String[] f : fields) {
            if (c.get(f[0]) instanceof List<?> list) {
                out.put(f[0], list.stream().filter(e -> nameMatches(regex, f, Tree.map(e))).toList());
            }
        }
        return out;
    }

    private static boolean nameMatches(Pattern regex, String[] field, Map<String, Object> element) {
        if (regex == null) {
            return true;
        }
        Object inner = field[2] == null ? element : element.get(field[2]);
        String name = Tree.str(Tree.at(inner, "name"));
        if (name.isEmpty()) {
            name = Tree.str(element.get("name"));
        }
        if (name.isEmpty()) {
            name = Tree.str(Tree.at(inner, "cluster_name"));
        }
        return regex.matcher(name).matches();
    }

    /** Keeps only the masked paths (descending into lists element by element) and {@code @type}. */
    static Map<String, Object> trim(Map<String, Object> m, List<String[]> paths) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (m.containsKey("@type")) {
            out.put("@type", m.get("@type"));
        }
        for (Map.Entry<String, Object> e : m.entrySet()) {
            List<String[]> sub = new ArrayList<>();
            boolean whole = false;
            for (String[] p : paths) {
                if (p[0].equals(e.getKey())) {
                    if (p.length == 1) {
                        whole = true;
                    } else {
                        sub.add(Arrays.copyOfRange(p, 1, p.length));
                    }
                }
            }
            if (whole) {
                out.put(e.getKey(), e.getValue());
            } else if (!sub.isEmpty()) {
                Object v = trimValue(e.getValue(), sub);
                if (v != null) {
                    out.put(e.getKey(), v);
                }
            }
        }
        return out;
    }

    private static Object trimValue(Object v, List<String[]> sub) {
        if (v instanceof Map<?, ?>) {
            Map<String, Object> t = trim(Tree.map(v), sub);
            return t.isEmpty() || t.size() == 1 && t.containsKey("@type") ? null : t;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                Object t = trimValue(o, sub);
                if (t != null) {
                    out.add(t);
                }
            }
            return out.isEmpty() ? null : out;
        }
        return null;
    }
}
