package io.proxyctl.config.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.validate.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real configurations produce no schema errors: the v2 tutorial config and the envoyproxy/examples bootstraps. */
class SchemaCorpusTest {
    private static final int EXAMPLES = 21;

    static ConfigSource resource(String name) throws IOException {
        try (InputStream in = SchemaCorpusTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            LoadResult r = YamlLoader.loadText(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertTrue(r.ok(), () -> name + " does not load: " + r.diagnostics());
            return r.source();
        }
    }

    static Stream<String> examples() throws IOException, URISyntaxException {
        Path dir = Path.of(SchemaCorpusTest.class.getResource("examples").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void everyExampleIsPresent() throws Exception {
        // a silently dropped sample would weaken the corpus test without failing it
        assertEquals(EXAMPLES, examples().count());
    }

    @Test
    void gettingStartedV2ConfigHasNoSchemaErrors() throws IOException {
        ConfigSource src = resource("getting-started-v2.yaml");
        List<Diagnostic> d = SchemaValidator.shared().validate(src, ApiVersion.V2);
        assertEquals(List.of(), d, () -> render(d));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void v3ExampleHasNoSchemaErrors(String file) throws IOException {
        ConfigSource src = resource("examples/" + file);
        List<Diagnostic> d = SchemaValidator.shared().validate(src, ApiVersion.V3);
        assertEquals(List.of(), d, () -> render(d));
    }

    static String render(List<Diagnostic> ds) {
        return ds.stream().map(d -> d.file() + ":" + d.line() + ":" + d.column() + " " + d.code().id() + " "
                + d.message() + (d.suggestion() != null ? " [" + d.suggestion() + "]" : ""))
                .collect(Collectors.joining("\n"));
    }
}
