package io.proxyctl.config.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.validate.CorpusManifest.Expectation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The invalid corpus ({@code src/test/resources/invalid}): every file is validated and must produce exactly the
 * errors its manifest lists, at the listed line and column. The {@code warnings/} subfolder holds configurations
 * that are valid but draw a warning, so that only {@code --strict} rejects them.
 */
class InvalidCorpusTest {
    private static final ConfigValidator VALIDATOR = new ConfigValidator();
    private static final CorpusManifest INVALID = CorpusManifest.ofResource("/invalid");
    private static final CorpusManifest WARNINGS = CorpusManifest.ofResource("/invalid/warnings");

    static Stream<Arguments> invalidFiles() {
        return INVALID.byFile().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    static Stream<Arguments> warningFiles() {
        return WARNINGS.byFile().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void reportsExactlyTheExpectedErrors(String file, List<Expectation> expected) {
        String path = INVALID.folder().resolve(file).toString();
        ValidationReport report = VALIDATOR.validatePath(path, InputStream.nullInputStream());

        List<String> problems = new ArrayList<>();
        for (Expectation e : expected) {
            if (report.diagnostics().stream().noneMatch(e::matches)) {
                problems.add("missing: " + e);
            }
        }
        for (Diagnostic d : report.errors()) {
            if (expected.stream().noneMatch(e -> e.matches(d))) {
                problems.add("unexpected: " + describe(d));
            }
        }
        if (!problems.isEmpty()) {
            fail(file + ":\n  " + String.join("\n  ", problems) + "\nreported:\n" + describeAll(report));
        }
        assertFalse(report.valid(), file + " must be invalid");
        assertNamesFile(report, path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warningFiles")
    void warnsButAcceptsUnlessStrict(String file, List<Expectation> expected) {
        String path = WARNINGS.folder().resolve(file).toString();
        ValidationReport report = VALIDATOR.validatePath(path, InputStream.nullInputStream());

        assertTrue(report.valid(), () -> file + " must be valid without --strict:\n" + describeAll(report));
        assertFalse(report.valid(true), () -> file + " must fail under --strict:\n" + describeAll(report));
        for (Expectation e : expected) {
            assertTrue(report.warnings().stream().anyMatch(e::matches),
                    () -> file + ": missing warning " + e + "\nreported:\n" + describeAll(report));
        }
        assertNamesFile(report, path);
    }

    @Test
    void manifestsCoverEveryFileAndOnlyExistingFiles() {
        for (CorpusManifest m : List.of(INVALID, WARNINGS)) {
            assertEquals(m.filesOnDisk(), new TreeSet<>(m.byFile().keySet()),
                    "files in " + m.folder() + " versus rows of its " + CorpusManifest.NAME);
        }
        assertTrue(INVALID.byFile().size() >= 45, "the invalid corpus shrank to " + INVALID.byFile().size() + " files");
    }

    @Test
    void directoryIsUnreadableInput(@TempDir Path dir) {
        ValidationReport report = VALIDATOR.validatePath(dir.toString(), InputStream.nullInputStream());
        assertOnlyError(report, DiagnosticCode.FILE_UNREADABLE, dir.toString());
        assertTrue(report.unreadable());
    }

    @Test
    void missingFileIsUnreadableInput(@TempDir Path dir) {
        String path = dir.resolve("no-such-envoy.yaml").toString();
        ValidationReport report = VALIDATOR.validatePath(path, InputStream.nullInputStream());
        assertOnlyError(report, DiagnosticCode.FILE_NOT_FOUND, path);
        assertTrue(report.unreadable());
    }

    @Test
    void stdinIsValidatedLikeTheSameFile() throws IOException {
        String file = "typo-connect-timeout.yaml";
        byte[] bytes = Files.readAllBytes(INVALID.folder().resolve(file));
        ValidationReport fromStdin = VALIDATOR.validatePath("-", new ByteArrayInputStream(bytes));
        ValidationReport fromFile = VALIDATOR.validatePath(INVALID.folder().resolve(file).toString(),
                InputStream.nullInputStream());

        assertNamesFile(fromStdin, YamlLoader.STDIN);
        assertEquals(positionsAndCodes(fromFile), positionsAndCodes(fromStdin));
        Expectation typo = INVALID.byFile().get(file).get(0);
        assertTrue(fromStdin.errors().stream().anyMatch(typo::matches), describeAll(fromStdin));
    }

    @Test
    void emptyStdinIsAnEmptyDocument() {
        ValidationReport report = VALIDATOR.validatePath("-", InputStream.nullInputStream());
        assertOnlyError(report, DiagnosticCode.FILE_EMPTY, YamlLoader.STDIN);
        assertFalse(report.unreadable(), "empty input was read; it is invalid, not unreadable");
    }

    private static void assertOnlyError(ValidationReport report, DiagnosticCode code, String file) {
        assertEquals(List.of(code), report.errors().stream().map(Diagnostic::code).toList(), describeAll(report));
        assertFalse(report.valid());
        assertNamesFile(report, file);
    }

    static void assertNamesFile(ValidationReport report, String file) {
        assertEquals(file, report.file());
        for (Diagnostic d : report.diagnostics()) {
            assertEquals(file, d.file(), () -> "diagnostic does not name the file: " + describe(d));
        }
    }

    private static List<String> positionsAndCodes(ValidationReport report) {
        return report.diagnostics().stream().map(d -> d.line() + ":" + d.column() + " " + d.code().id()).toList();
    }

    static String describe(Diagnostic d) {
        return d.line() + ":" + d.column() + " " + d.severity() + "[" + d.code().id() + "] " + d.message()
                + (d.suggestion() == null ? "" : " (" + d.suggestion() + ")")
                + (d.pointer().isEmpty() ? "" : " @" + d.pointer());
    }

    static String describeAll(ValidationReport report) {
        if (report.diagnostics().isEmpty()) {
            return "  (nothing)";
        }
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : report.diagnostics()) {
            sb.append("  ").append(describe(d)).append('\n');
        }
        return sb.toString();
    }
}
