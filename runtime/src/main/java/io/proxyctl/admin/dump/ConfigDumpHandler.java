package io.proxyctl.admin.dump;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.proxyctl.admin.AdminHandler;
import io.proxyctl.admin.AdminParam;
import io.proxyctl.admin.AdminRequest;
import io.proxyctl.admin.AdminResponse;
import io.proxyctl.admin.AdminTarget;
import io.proxyctl.admin.ServerIdentity;
import io.proxyctl.common.Json;
import io.proxyctl.config.tree.Tree;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /config_dump}: the served configuration as {@code {"configs": [...]}} of Envoy's admin dump messages,
 * always v3 (the validator's upgraded tree), with {@code resource} (the elements of one repeated field, each typed
 * {@code <Dump>.<Element>}), {@code mask} (a FieldMask; dumps it does not fit are left out, as Envoy does),
 * {@code name_regex} (resources whose name fully matches) and {@code include_eds} (live endpoints).
 */
public final class ConfigDumpHandler implements AdminHandler {
    private static final String BOOTSTRAP = "envoy.config.bootstrap.v3.Bootstrap";

    private final AdminTarget target;
    private final ProtoShapes shapes = ProtoShapes.shared();
    private final FieldMasks masks = new FieldMasks(shapes);
    private volatile Map<String, Object> bootstrap;
    // The tree the cached bootstrap was computed from: a config reload replaces the tree, and the cache with it.
    private volatile Map<String, Object> bootstrapOf;

    public ConfigDumpHandler(AdminTarget target) {
        this.target = target;
    }

    @Override
    public String prefix() {
        return "/config_dump";
    }

    @Override
    public String helpText() {
        return "dump current Envoy configs (experimental)";
    }

    @Override
    public List<AdminParam> params() {
        return List.of(AdminParam.of("resource", "The resource to dump"),
                AdminParam.of("mask", "The mask to apply. When both resource and mask are specified, the mask is applied "
                        + "to every element in the desired repeated field so that only a subset of fields are returned. "
                        + "The mask is parsed as a ProtobufWkt::FieldMask"),
                AdminParam.of("name_regex", "Dump only the currently loaded configurations whose names match the "
                        + "specified regex. Can be used with both resource and mask query parameters."),
                AdminParam.of("include_eds", "Dump currently loaded configuration including EDS. See the response "
                        + "definition for more information"));
    }

    @Override
    public AdminResponse handle(AdminRequest r) {
        Pattern names = null;
        String regex = r.param("name_regex");
        if (regex != null && !regex.isEmpty()) {
            try {
                names = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                return AdminResponse.text(400, "INVALID_ARGUMENT: Error while parsing name_regex from " + regex + ": "
                        + e.getDescription());
            }
        }
        String lastUpdated = timestamp(target.loadedAt());
        ConfigDumps builder = new ConfigDumps(bootstrap(), lastUpdated, target.clusters());
        if (target.dynamicConfig() != null) {
            builder.dynamic(new DynamicDumps(target.dynamicConfig(), new ProtoJson(shapes)));
        }
        List<ConfigDumps.Dump> dumps = builder.dumps(r.has("include_eds"), names);
        String mask = r.param("mask");
        List<String> paths = mask == null ? null : FieldMasks.parse(mask);
        String resource = r.param("resource");
        List<Object> configs = new ArrayList<>();
        if (resource != null) {
            String error = resources(dumps, resource, paths, configs);
            if (error != null) {
                return AdminResponse.text(error.endsWith("not found in config dump") ? 404 : 400, error);
            }
        } else {
            for (ConfigDumps.Dump d : dumps) {
                if (paths == null) {
                    configs.add(d.packed());
                } else if (masks.valid(d.type(), paths)) {
                    configs.add(FieldMasks.trim(d.packed(), paths));
                }
            }
            if (paths != null && configs.isEmpty()) {
                return AdminResponse.text(400, "FieldMask " + mask + " could not be successfully applied to any configs.");
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        if (!configs.isEmpty()) {
            root.put("configs", configs);
        }
        return AdminResponse.json(200, Json.pretty(root, 1) + "\n");
    }

    /** Envoy's {@code addResourceToDump}; returns the error message, or null with {@code out} filled. */
    private String resources(List<ConfigDumps.Dump> dumps, String resource, List<String> paths, List<Object> out) {
        for (ConfigDumps.Dump d : dumps) {
            DumpSchema.Field f = DumpSchema.fields(d.type()).get(resource);
            if (f == null) {
                continue;
            }
            if (!f.repeated()) {
                return resource + " is not a repeated field. Use ?mask=" + resource + " to get only this field";
            }
            Object list = d.fields().get(resource);
            if (list instanceof List<?> l) {
                for (Object o : l) {
                    Map<String, Object> element = Tree.map(o);
                    if (paths != null) {
                        element = trimResource(f.message(), element, paths);
                        if (element == null) {
                            return "FieldMask " + FieldMasks.debugString(paths) + " could not be successfully used.";
                        }
                    }
                    Map<String, Object> packed = new LinkedHashMap<>();
                    packed.put("@type", ConfigDumps.TYPE_PREFIX + DumpSchema.ADMIN + f.message());
                    packed.putAll(element);
                    out.add(packed);
                }
            }
            return null;
        }
        return resource + " not found in config dump";
    }

    /**
     * Envoy's {@code trimResourceMessage}: paths into the element's Any field are applied to the message inside
     * it, the rest to the element. Null when a path is invalid.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> trimResource(String elementType, Map<String, Object> element, List<String> paths) {
        List<String> outer = new ArrayList<>();
        List<String> inner = new ArrayList<>();
        String anyField = null;
        boolean wholeAny = false;
        for (String p : paths) {
            String[] frags = p.split("\\.", 2);
            DumpSchema.Field f = masks.field(elementType, frags[0]);
            if (f != null && !f.repeated() && DumpSchema.ANY.equals(f.message())) {
                anyField = frags[0];
                if (!outer.contains(frags[0])) {
                    outer.add(frags[0]);
                }
                if (frags.length > 1) {
                    inner.add(frags[1]);
                } else {
                    wholeAny = true;
                }
            } else {
                outer.add(p);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>(element);
        if (anyField != null && !wholeAny && element.get(anyField) instanceof Map<?, ?> any) {
            Map<String, Object> a = (Map<String, Object>) any;
            String message = Tree.anyType(a);
            if (!masks.valid(message, inner)) {
                return null;
            }
            result.put(anyField, FieldMasks.trim(a, inner));
        }
        if (!masks.valid(elementType, outer)) {
            return null;
        }
        return FieldMasks.trim(result, outer);
    }

    /** The bootstrap in canonical JSON with the node's user agent filled in, computed once per served tree. */
    private synchronized Map<String, Object> bootstrap() {
        // With xDS the bootstrap as loaded (dynamic_resources included); the served composition is not a bootstrap.
        Map<String, Object> tree = target.dynamicBootstrap() != null ? target.dynamicBootstrap() : target.configTree();
        Map<String, Object> b = bootstrapOf == tree ? bootstrap : null;
        if (b == null) {
            bootstrapOf = tree;
            b = tree == null ? new LinkedHashMap<>() : new ProtoJson(shapes).message(tree, BOOTSTRAP);
            Map<String, Object> node = new LinkedHashMap<>();
            Map<String, Object> configured = Tree.map(b.get("node"));
            if (configured != null) {
                node.putAll(configured);
            }
            node.put("user_agent_name", ServerIdentity.USER_AGENT);
            node.put("user_agent_build_version", ServerIdentity.buildVersion(false));
            Map<String, Object> ordered = new LinkedHashMap<>();
            ordered.put("node", node);
            b.forEach((k, v) -> {
                if (!k.equals("node")) {
                    ordered.put(k, v);
                }
            });
            bootstrap = ordered;
            b = ordered;
        }
        return b;
    }

    /** google.protobuf.Timestamp JSON: RFC 3339 in UTC with 0 or 3 fractional digits. */
    static String timestamp(Instant t) {
        Instant ms = Instant.ofEpochMilli(t.toEpochMilli());
        String pattern = ms.getNano() == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
        return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(ms);
    }
}
