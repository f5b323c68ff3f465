package io.proxyctl.config.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every configuration in {@code samples/} validates. The count is asserted, like Envoy's example_configs_test, so a
 * sample that is silently skipped (renamed, wrong extension) fails the build.
 */
class SamplesTest {
    /** getting-started v2 and v3, demo, and nine configurations of common setups. */
    private static final int SAMPLE_COUNT = 12;
    private static final Path SAMPLES = Path.of("..", "samples");
    private static final String V2_SAMPLE = "getting-started-v2.yaml";
    private static final ConfigValidator VALIDATOR = new ConfigValidator();

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(SAMPLES)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void sampleCountIsAsExpected() throws IOException {
        assertEquals(SAMPLE_COUNT, samples().count(), "samples/*.yaml");
    }

    @Test
    void readmeHasOneLinePerSample() throws IOException {
        String readme = Files.readString(SAMPLES.resolve("README.md"));
        for (Path p : samples().toList()) {
            String row = "| `" + p.getFileName() + "` |";
            assertEquals(1, readme.lines().filter(l -> l.startsWith(row)).count(), "README row for " + p.getFileName());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void hasNoErrors(Path sample) {
        ValidationReport report = validate(sample);
        assertTrue(report.valid(), () -> sample + " has errors:\n" + InvalidCorpusTest.describeAll(report));
        InvalidCorpusTest.assertNamesFile(report, sample.toString());
    }

    /**
     * The samples are meant to be copied, so they must be clean: the only warnings allowed are what the proxyctl
     * runtime does not implement (PX6001) and, for the v2 tutorial config, that it is v2 (PX5001).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void hasNoWarningsBeyondRuntimeCoverage(Path sample) {
        ValidationReport report = validate(sample);
        boolean v2 = sample.getFileName().toString().equals(V2_SAMPLE);
        Set<DiagnosticCode> allowed = v2 ? Set.of(DiagnosticCode.NOT_IMPLEMENTED, DiagnosticCode.V2_CONFIG)
                : Set.of(DiagnosticCode.NOT_IMPLEMENTED);
        List<Diagnostic> other = report.warnings().stream().filter(d -> !allowed.contains(d.code())).toList();
        assertTrue(other.isEmpty(), () -> sample + " has warnings:\n" + InvalidCorpusTest.describeAll(report));
    }

    @Test
    void v2SampleIsReadAsV2WithAWarningAndTheOthersAsV3() throws IOException {
        for (Path sample : samples().toList()) {
            ValidationReport report = validate(sample);
            boolean v2 = sample.getFileName().toString().equals(V2_SAMPLE);
            assertEquals(v2 ? "v2" : "v3", report.apiVersion(), sample.toString());
            assertEquals(v2, report.warnings().stream().anyMatch(d -> d.code() == DiagnosticCode.V2_CONFIG),
                    () -> sample + ": PX5001 expected only for the v2 sample\n"
                            + InvalidCorpusTest.describeAll(report));
        }
    }

    private static ValidationReport validate(Path sample) {
        return VALIDATOR.validatePath(sample.toString(), InputStream.nullInputStream());
    }
}
