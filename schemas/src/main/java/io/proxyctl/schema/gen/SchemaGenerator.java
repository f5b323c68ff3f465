package io.proxyctl.schema.gen;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import io.envoyproxy.envoy.config.bootstrap.v3.BootstrapProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import udpa.annotations.Versioning;

/**
 * Build-time entry point: writes the JSON Schema of the whole Envoy API (v3 and v2) as one small file per message
 * and enum ({@code defs/<full.name>.json}) plus {@code index.json} (the bootstrap roots, every message a
 * {@code "@type"} may name with its API family, and each v2 message's v3 successor), for
 * {@code io.proxyctl.config.schema.SchemaValidator} to load per document.
 *
 * <pre>java io.proxyctl.schema.gen.SchemaGenerator target/classes/io/proxyctl/schema</pre>
 */
public final class SchemaGenerator {
    static final String ROOT_V3 = "envoy.config.bootstrap.v3.Bootstrap";
    static final String ROOT_V2 = "envoy.config.bootstrap.v2.Bootstrap";

    private SchemaGenerator() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: SchemaGenerator <output directory>");
            System.exit(2);
        }
        long start = System.nanoTime();
        Path out = Path.of(args[0]);
        DescriptorCatalog catalog = DescriptorCatalog.load(BootstrapProto.class);
        for (String root : new String[] {ROOT_V3, ROOT_V2}) {
            if (!catalog.messages().containsKey(root)) {
                throw new IllegalStateException("the API jar has no " + root);
            }
        }
        Path defs = out.resolve("defs");
        clean(defs);
        Files.createDirectories(defs);
        Stats stats = new Stats();
        MessageSchemas schemas = new MessageSchemas(catalog.messages(), new FieldSchemas(stats));
        Map<String, Object> types = new LinkedHashMap<>();
        Map<String, Object> successors = new java.util.TreeMap<>();
        for (Descriptor d : catalog.messages().values()) {
            write(defs.resolve(d.getFullName() + ".json"), schemas.definition(d));
            String family = family(d.getFile().getPackage());
            types.put(d.getFullName(), family);
            String previous = d.getOptions().getExtension(Versioning.versioning).getPreviousMessageType();
            if (family.equals("v3") && !previous.isEmpty() && catalog.messages().containsKey(previous)
                    && family(catalog.messages().get(previous).getFile().getPackage()).equals("v2")) {
                successors.put(previous, d.getFullName());
            }
        }
        for (EnumDescriptor e : catalog.enums().values()) {
            write(defs.resolve(e.getFullName() + ".json"), MessageSchemas.enumDefinition(e));
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("format", 1);
        Map<String, Object> roots = new LinkedHashMap<>();
        roots.put("v3", ROOT_V3);
        roots.put("v2", ROOT_V2);
        index.put("roots", roots);
        index.put("types", types);
        index.put("successors", successors);
        write(out.resolve("index.json"), index);
        System.out.printf("proxyctl schema: %d messages, %d enums from %d proto files in %d ms%s%n",
                catalog.messages().size(), catalog.enums().size(), catalog.files().size(),
                (System.nanoTime() - start) / 1_000_000, stats.toString().equals("{}") ? "" : "; " + stats);
    }

    /**
     * "v2" or "v3" for the versioned Envoy packages, "any" for packages both API versions share (google.protobuf,
     * udpa, xds, ...), "test" for test-only messages. The unversioned envoy.type and envoy.type.matcher are the v2
     * forms of envoy.type.v3.
     */
    static String family(String pkg) {
        if (pkg.startsWith("cel.expr.conformance")) {
            return "test"; // conformance-suite messages: valid type URLs, but no editor needs them
        }
        if (pkg.equals("envoy.type") || pkg.equals("envoy.type.matcher")) {
            return "v2";
        }
        if (pkg.startsWith("envoy.")) {
            for (String seg : pkg.split("\\.")) {
                if (seg.startsWith("v2")) {
                    return "v2";
                } else if (seg.startsWith("v3") || seg.startsWith("v4")) {
                    return "v3";
                }
            }
        }
        return "any";
    }

    private static void write(Path file, Map<String, Object> json) throws IOException {
        Files.writeString(file, Json.write(json), StandardCharsets.UTF_8);
    }

    private static void clean(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
