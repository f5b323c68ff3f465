package io.proxyctl.config.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configurations from the public envoyproxy/examples repository, copied unchanged into
 * {@code src/test/resources/envoyproxy-examples}, that current Envoy accepts: proxyctl must accept them too
 * (warnings allowed, e.g. admin on 0.0.0.0, which these container examples do on purpose).
 */
class EnvoyExamplesTest {
    private static final int EXAMPLE_COUNT = 21;
    private static final ConfigValidator VALIDATOR = new ConfigValidator();

    static Path folder() throws URISyntaxException {
        return Path.of(EnvoyExamplesTest.class.getResource("/envoyproxy-examples/LICENSE").toURI()).getParent();
    }

    static Stream<Path> examples() throws IOException, URISyntaxException {
        Path root = folder();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).map(root::relativize).sorted().toList().stream();
        }
    }

    @Test
    void exampleCountIsAsExpectedAndTheLicenseTravelsWithThem() throws IOException, URISyntaxException {
        assertEquals(EXAMPLE_COUNT, examples().count());
        assertTrue(Files.readString(folder().resolve("LICENSE")).contains("Apache License"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void isAccepted(Path example) throws URISyntaxException {
        String path = folder().resolve(example).toString();
        ValidationReport report = VALIDATOR.validatePath(path, InputStream.nullInputStream());
        assertTrue(report.valid(), () -> example + " has errors:\n" + InvalidCorpusTest.describeAll(report));
        assertEquals("v3", report.apiVersion(), example.toString());
        InvalidCorpusTest.assertNamesFile(report, path);
    }
}
