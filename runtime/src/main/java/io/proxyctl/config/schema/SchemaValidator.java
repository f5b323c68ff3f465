package io.proxyctl.config.schema;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;

/**
 * Validates a configuration document against the JSON Schema of the Envoy API (v3 or v2 bootstrap), generated at
 * build time from the official protobuf descriptors, and reports every violation as a {@link Diagnostic} placed
 * at the offending key or value.
 *
 * <p>Loading the whole API into everit takes seconds, so each document gets its own schema: the definitions it
 * reaches (messages named by its {@code "@type"} values included), each cut down to the properties it uses.
 * Definitions and assembled schemas are cached; instances are thread-safe.
 *
 * <pre>
 * SchemaValidator v = SchemaValidator.shared();
 * List&lt;Diagnostic&gt; errors = v.validate(source, ApiVersion.V3);
 * </pre>
 */
public final class SchemaValidator {
    private static final SchemaValidator SHARED = new SchemaValidator();
    private static final int CACHED_SCHEMAS = 16;

    private final SchemaStore store = new SchemaStore();
    private final SchemaAssembler assembler = new SchemaAssembler(store);
    private final Map<String, Schema> schemas = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Schema> eldest) {
            return size() > CACHED_SCHEMAS;
        }
    };

    /** A validator reading the schema resources from the class path. */
    public SchemaValidator() {
    }

    /** The process-wide instance (its caches are shared by every caller). */
    public static SchemaValidator shared() {
        return SHARED;
    }

    /**
     * Every schema violation of {@code source} as a bootstrap of {@code version}, in source order, without
     * duplicates; empty when the document conforms.
     */
    public List<Diagnostic> validate(ConfigSource source, ApiVersion version) {
        Objects.requireNonNull(version, "version");
        return validate(source, version, version.rootMessage());
    }

    /**
     * Every schema violation of {@code source} as the message {@code rootMessage} (for example
     * {@code envoy.service.discovery.v3.DiscoveryResponse} for an xDS resource file, whose {@code resources} are
     * validated as the messages their {@code "@type"} names), with the Any rules of {@code version}.
     */
    public List<Diagnostic> validate(ConfigSource source, ApiVersion version, String rootMessage) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(rootMessage, "rootMessage");
        Reporter errors = new Reporter(source);
        Object root = source.root();
        if (!(root instanceof Map)) {
            errors.atValue(DiagnosticCode.ROOT_NOT_OBJECT, "", "the top level must be a mapping (the "
                    + rootMessage + " message), found " + ScalarRules.describe(root), null);
            return errors.diagnostics();
        }
        Usage usage = new DocumentWalker(store, version, errors, null).walk(root, rootMessage);
        Schema schema = schema(rootMessage, usage);
        try {
            schema.validate(DocumentJson.convert(root));
        } catch (ValidationException e) {
            new ViolationMapper(store, new Locator(store, root, rootMessage), errors, root).map(e);
        }
        return errors.diagnostics();
    }

    /**
     * Deprecated fields and enum values {@code source} uses (warnings, code DEPRECATED_FIELD), in source order.
     * Only fields the schema knows are considered; run {@link #validate} for the errors.
     */
    public List<Diagnostic> deprecations(ConfigSource source, ApiVersion version) {
        return deprecations(source, version, version.rootMessage());
    }

    /** {@link #deprecations(ConfigSource, ApiVersion)} for a document whose top level is {@code rootMessage}. */
    public List<Diagnostic> deprecations(ConfigSource source, ApiVersion version, String rootMessage) {
        Objects.requireNonNull(source, "source");
        Reporter warnings = new Reporter(source);
        if (source.root() instanceof Map) {
            new DocumentWalker(store, version, new Reporter(source), warnings).walk(source.root(), rootMessage);
        }
        return warnings.diagnostics();
    }

    /**
     * One self-contained draft-07 schema of a whole bootstrap of {@code version}, for editors and
     * {@code proxyctl schema}: every definition reachable from the root, and Any typed through {@code if/then}
     * on {@code "@type"} for the extension types of that API version (top-level messages of the
     * {@code envoy.extensions}, {@code envoy.config} and {@code envoy.type} packages, the typed-struct messages
     * and the well-known types). Any other {@code "@type"} is left open.
     */
    public String fullSchema(ApiVersion version) {
        Set<String> targets = new java.util.TreeSet<>();
        for (Map.Entry<String, String> t : store.types().entrySet()) {
            String family = t.getValue();
            if ((family.equals(version.family()) || family.equals("any")) && isExtensionType(t.getKey())) {
                targets.add(t.getKey());
            }
        }
        Deque<String> pending = new ArrayDeque<>(targets);
        Set<String> seen = new HashSet<>(targets);
        pending.add(version.rootMessage());
        seen.add(version.rootMessage());
        seen.add(SchemaStore.ANY);
        pending.add(SchemaStore.ANY);
        Set<String> defs = new java.util.TreeSet<>();
        while (!pending.isEmpty()) {
            String name = pending.poll();
            JSONObject def = store.def(name);
            if (def != null) {
                defs.add(name);
                SchemaAssembler.collectRefs(def, seen, pending);
            }
        }
        JSONObject schema = assembler.editor(version.rootMessage(), defs, targets);
        schema.put("title", "Envoy " + version.name().toLowerCase(java.util.Locale.ROOT) + " bootstrap ("
                + version.rootMessage() + ")");
        return schema.toString();
    }

    /** A message typed configs name in practice: see {@link #fullSchema}. */
    private boolean isExtensionType(String name) {
        JSONObject def = store.def(name);
        if (def == null || def.has("x-any")) {
            return false;
        }
        if (def.has("x-wkt") || name.equals("google.protobuf.Empty")) {
            return true;
        }
        String pkg = name.substring(0, name.lastIndexOf('.'));
        boolean topLevel = !Character.isUpperCase(pkg.charAt(pkg.lastIndexOf('.') + 1));
        return topLevel && (name.startsWith("envoy.extensions.") || name.startsWith("envoy.config.")
                || name.startsWith("envoy.type.") || name.startsWith("envoy.api.v2.")
                || name.startsWith("udpa.type.") || name.startsWith("xds.type."));
    }

    private Schema schema(String root, Usage usage) {
        String key = root + "|" + usage.signature();
        synchronized (schemas) {
            Schema s = schemas.get(key);
            if (s != null) {
                return s;
            }
        }
        JSONObject json = assembler.assemble(root, usage, false);
        Schema s = SchemaLoader.builder().schemaJson(json).draftV7Support().regexpFactory(new EcmaPatterns())
                .build().load().build();
        synchronized (schemas) {
            schemas.put(key, s);
        }
        return s;
    }
}
