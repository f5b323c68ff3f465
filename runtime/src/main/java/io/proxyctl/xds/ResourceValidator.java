package io.proxyctl.xds;

import io.proxyctl.common.Json;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.ConfigValidator;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.ValidationReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates the resources of one xDS response with the same pipeline as {@code proxyctl validate} on a resource
 * file (schema of the resource type, load-time checks): each problem becomes one line naming the resource and the
 * field, for the NACK's error_detail. Also rejects resources of another type, without a name, or named twice.
 */
final class ResourceValidator {
    private final ConfigValidator validator;

    ResourceValidator(ConfigValidator validator) {
        this.validator = validator;
    }

    /** The problems of {@code resources} (trees with or without "@type"); empty when they are acceptable. */
    List<String> validate(XdsType type, String version, List<Map<String, Object>> resources) {
        List<String> problems = new ArrayList<>();
        List<Object> typed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < resources.size(); i++) {
            Map<String, Object> r = resources.get(i);
            String t = Tree.strField(r, "@type");
            if (t != null && !type.message().equals(Tree.messageName(t))) {
                problems.add("resources[" + i + "]: " + Tree.messageName(t) + " does not match the subscription's type "
                        + type.message() + " [PX3021]");
            }
            String name = type.nameOf(r);
            if (name == null || name.isEmpty()) {
                problems.add("resources[" + i + "]: a " + type.shortName().toUpperCase() + " resource needs a "
                        + (type == XdsType.ENDPOINT ? "cluster_name" : "name"));
            } else if (!names.add(name)) {
                problems.add("resources[" + i + "]: duplicate " + type.shortName().toUpperCase() + " resource '" + name
                        + "'");
            }
            problems.addAll(unsupportedSources(type, r, name));
            Map<String, Object> withType = new LinkedHashMap<>();
            withType.put("@type", type.typeUrl());
            r.forEach((k, v) -> {
                if (!k.equals("@type")) {
                    withType.put(k, v);
                }
            });
            typed.add(withType);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("version_info", version == null ? "" : version);
        response.put("resources", typed);
        String name = type.shortName() + " version " + version;
        ValidationReport report = validator.validateResourceFile(YamlLoader.loadText(name, Json.pretty(response)),
                type.message());
        for (Diagnostic d : report.errors()) {
            problems.add(describe(d, resources, type));
        }
        return problems;
    }

    /** RDS and EDS are served over ADS only: any other config source would never deliver. */
    static List<String> unsupportedSources(XdsType type, Map<String, Object> resource, String name) {
        List<String> out = new ArrayList<>();
        if (type == XdsType.LISTENER) {
            for (Map<String, Object> hcm : Hcms.of(resource)) {
                Map<String, Object> cs = Tree.mapField(Tree.mapField(hcm, "rds"), "config_source");
                if (cs != null && Tree.get(cs, "ads") == null) {
                    out.add("listener '" + name + "': rds.config_source: only ads is implemented for RDS [PX6001]");
                }
            }
        } else if (type == XdsType.CLUSTER && XdsSnapshot.edsServiceName(resource) != null) {
            Map<String, Object> cs = Tree.mapField(Tree.mapField(resource, "eds_cluster_config"), "eds_config");
            if (cs == null || Tree.get(cs, "ads") == null) {
                out.add("cluster '" + name + "': eds_cluster_config.eds_config: only ads is implemented for EDS "
                        + "[PX6001]");
            }
        }
        return out;
    }

    /** "cluster 'web': lb_polcy: unknown field ... [PX2001]", the resource named rather than its index. */
    private static String describe(Diagnostic d, List<Map<String, Object>> resources, XdsType type) {
        String path = d.path() == null ? "" : d.path();
        String prefix = "";
        if (path.startsWith("resources[")) {
            int end = path.indexOf(']');
            try {
                int i = Integer.parseInt(path.substring("resources[".length(), end));
                String n = i < resources.size() ? type.nameOf(resources.get(i)) : null;
                prefix = type.name().toLowerCase() + " '" + n + "': ";
                path = path.substring(end + 1);
                path = path.startsWith(".") ? path.substring(1) : path;
            } catch (NumberFormatException e) {
                // Not an index: keep the path as it is.
            }
        }
        return prefix + (path.isEmpty() ? "" : path + ": ") + d.message() + " [" + d.code().id() + "]";
    }
}
