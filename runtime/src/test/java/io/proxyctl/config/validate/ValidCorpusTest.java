package io.proxyctl.config.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.load.JsonPointer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configurations in {@code src/test/resources/valid} use what Envoy's parser accepts but a naive one would not:
 * lowerCamelCase field names, case-insensitive enums, integers as strings, fractional Durations, explicit nulls,
 * JSON, keys tagged {@code !ignore}, and many YAML aliases and merge keys. None may draw an error.
 */
class ValidCorpusTest {
    private static final int FILE_COUNT = 6;
    private static final ConfigValidator VALIDATOR = new ConfigValidator();

    static Path folder() throws URISyntaxException {
        return Path.of(ValidCorpusTest.class.getResource("/valid/envoy.json").toURI()).getParent();
    }

    static Stream<String> files() throws IOException, URISyntaxException {
        try (Stream<Path> s = Files.list(folder())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void fileCountIsAsExpected() throws IOException, URISyntaxException {
        assertEquals(FILE_COUNT, files().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void isAccepted(String file) throws URISyntaxException {
        ValidationReport report = validate(file);
        assertTrue(report.valid(), () -> file + " has errors:\n" + InvalidCorpusTest.describeAll(report));
        InvalidCorpusTest.assertNamesFile(report, folder().resolve(file).toString());
    }

    /** Sixty clusters merge one anchored mapping: far more aliases than a naive alias limit allows. */
    @Test
    void mergeKeysExpandIntoEveryCluster() throws URISyntaxException {
        ValidationReport report = validate("anchors-merge-keys.yaml");
        assertTrue(report.valid(), () -> InvalidCorpusTest.describeAll(report));
        Object root = report.v3().root();
        assertEquals(60, ((List<?>) JsonPointer.resolve(root, "/static_resources/clusters")).size());
        assertEquals("LEAST_REQUEST", JsonPointer.resolve(root, "/static_resources/clusters/59/lb_policy"));
        assertEquals("svc59", JsonPointer.resolve(root, "/static_resources/clusters/59/name"));
    }

    private static ValidationReport validate(String file) throws URISyntaxException {
        return VALIDATOR.validatePath(folder().resolve(file).toString(), InputStream.nullInputStream());
    }
}
