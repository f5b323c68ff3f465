package io.proxyctl.config.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.load.YamlLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No input, however broken, makes validation throw or hang, and every diagnostic names the input it was given:
 * directories, missing files, failing and oversized standard input, random bytes, YAML-flavoured noise, every
 * sample cut short at many points or mutated, pathological nesting and huge lines. Seeds are fixed so a failure
 * reproduces.
 */
class RobustnessTest {
    private static final ConfigValidator VALIDATOR = new ConfigValidator();
    private static final Duration CASE_LIMIT = Duration.ofSeconds(30);
    private static final int CUTS_PER_SAMPLE = 40;
    private static final int MUTATIONS_PER_SAMPLE = 25;
    /** Characters that matter to YAML, plus a few letters, so that noise reaches deep into the parser. */
    private static final String YAML_NOISE = "{}[]:,-#&*!|>'\"%@`?~ \n\n\n\t\\abc:0123456789.eE+_ \u00e9\u2028";

    static Stream<Path> samples() throws IOException {
        return SamplesTest.samples();
    }

    @Test
    void directory(@TempDir Path dir) {
        checkPath(dir.toString());
    }

    @Test
    void missingFileAndMissingDirectory(@TempDir Path dir) {
        checkPath(dir.resolve("missing.yaml").toString());
        checkPath(dir.resolve("missing-dir").resolve("envoy.yaml").toString());
    }

    @Test
    void emptyPathAndOddNames(@TempDir Path dir) throws IOException {
        checkPath("");
        Path odd = dir.resolve("with space & ünïcödé.yaml");
        Files.writeString(odd, "admin: [\n");
        checkPath(odd.toString());
    }

    @Test
    void stdinWithRandomBytesAndWithText() {
        Random random = new Random(1);
        for (int i = 0; i < 20; i++) {
            byte[] bytes = new byte[random.nextInt(2048)];
            random.nextBytes(bytes);
            checkStdin(new ByteArrayInputStream(bytes));
        }
        byte[] text = "static_resources: {clusters: [{name: x}]}\n".getBytes(StandardCharsets.UTF_8);
        checkStdin(new ByteArrayInputStream(text));
    }

    @Test
    void stdinThatFailsWhileReading() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset by peer");
            }
        };
        ValidationReport report = checkStdin(broken);
        assertFalse(report.valid());
    }

    @Test
    void stdinLargerThanTheSizeLimit() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'a');
                return len;
            }
        };
        ValidationReport report = checkStdin(endless);
        assertFalse(report.valid());
    }

    @Test
    void randomBytes() {
        Random random = new Random(2);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(4096)];
            random.nextBytes(bytes);
            checkBytes("random-" + i + ".yaml", bytes);
        }
    }

    @Test
    void yamlFlavouredNoise() {
        Random random = new Random(3);
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(600);
            for (int k = 0; k < n; k++) {
                sb.append(YAML_NOISE.charAt(random.nextInt(YAML_NOISE.length())));
            }
            checkText("noise-" + i + ".yaml", sb.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleCutShort(Path sample) throws IOException {
        String text = Files.readString(sample);
        for (int cut : cutPoints(text)) {
            checkText(sample + "@" + cut, text.substring(0, cut));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleMutated(Path sample) throws IOException {
        String text = Files.readString(sample);
        Random random = new Random(sample.getFileName().toString().hashCode());
        for (int i = 0; i < MUTATIONS_PER_SAMPLE; i++) {
            checkText(sample + "#" + i, mutate(text, random));
        }
    }

    @Test
    void deepNesting() {
        checkText("flow-sequences.yaml", "[".repeat(100_000));
        checkText("flow-mappings.yaml", "{a: ".repeat(50_000));
        checkText("closed-flow.yaml", "a: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n");
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            block.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }
        checkText("block-mappings.yaml", block.toString());
        StringBuilder seq = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            seq.append("  ".repeat(i)).append("-\n");
        }
        checkText("block-sequences.yaml", seq.toString());
    }

    /**
     * One-line documents of several MiB (an inline certificate bundle or response body without line breaks). The
     * YAML scanner's cost grows with the square of the longest token, so this also guards against that cost
     * getting worse.
     */
    @Test
    void hugeSingleLines() {
        checkText("long-scalar.yaml", "admin: " + "x".repeat(4 << 20) + "\n");
        StringBuilder list = new StringBuilder("static_resources: {clusters: [");
        for (int i = 0; i < 50_000; i++) {
            list.append(i == 0 ? "" : ",").append("{name: c").append(i).append('}');
        }
        checkText("long-flow-list.yaml", list.append("]}\n").toString());
        checkText("long-key.yaml", "k".repeat(1 << 20) + ": 1\n");
        checkText("no-newline.yaml", "admin: {address: {socket_address: {address: 127.0.0.1, port_value: 9901}}}");
    }

    @Test
    void manyAliasesAndKeys() {
        StringBuilder sb = new StringBuilder("a: &a {x: 1}\nb: [");
        for (int i = 0; i < 100_000; i++) {
            sb.append(i == 0 ? "" : ",").append("*a");
        }
        checkText("many-aliases.yaml", sb.append("]\n").toString());
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            keys.append("key").append(i).append(": ").append(i).append('\n');
        }
        checkText("many-keys.yaml", keys.toString());
    }

    /** Evenly spread cut points, alternately at a line end and mid-line, plus the edges. */
    private static List<Integer> cutPoints(String text) {
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, 1, text.length() - 1));
        for (int i = 1; i <= CUTS_PER_SAMPLE; i++) {
            int at = (int) ((long) text.length() * i / (CUTS_PER_SAMPLE + 1));
            if (i % 2 == 0) {
                int nl = text.indexOf('\n', at);
                at = nl < 0 ? at : nl + 1;
            }
            cuts.add(Math.min(at, text.length()));
        }
        return new ArrayList<>(cuts);
    }

    private static String mutate(String text, Random random) {
        StringBuilder sb = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && sb.length() > 1; e++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(5)) {
                case 0 -> sb.setCharAt(at, YAML_NOISE.charAt(random.nextInt(YAML_NOISE.length())));
                case 1 -> sb.deleteCharAt(at);
                case 2 -> sb.insert(at, YAML_NOISE.charAt(random.nextInt(YAML_NOISE.length())));
                case 3 -> { // duplicate the line
                    int start = sb.lastIndexOf("\n", at) + 1;
                    int end = sb.indexOf("\n", at);
                    end = end < 0 ? sb.length() : end + 1;
                    sb.insert(start, sb.substring(start, end));
                }
                default -> { // shift the line's indentation
                    int start = sb.lastIndexOf("\n", at) + 1;
                    sb.insert(start, random.nextBoolean() ? "  " : " ");
                }
            }
        }
        return sb.toString();
    }

    private static void checkPath(String path) {
        ValidationReport report = bounded(path, () -> VALIDATOR.validatePath(path, InputStream.nullInputStream()));
        assertSane(path, null, report);
        assertFalse(report.valid(), path);
    }

    private static ValidationReport checkStdin(InputStream in) {
        ValidationReport report = bounded("-", () -> VALIDATOR.validatePath("-", in));
        assertSane(YamlLoader.STDIN, null, report);
        return report;
    }

    private static void checkBytes(String name, byte[] bytes) {
        ValidationReport report = bounded(name, () -> VALIDATOR.validate(YamlLoader.load(name, bytes)));
        assertSane(name, null, report);
    }

    private static void checkText(String name, String text) {
        ValidationReport report = bounded(name, () -> VALIDATOR.validate(YamlLoader.loadText(name, text)));
        assertSane(name, text, report);
    }

    private static ValidationReport bounded(String name, java.util.function.Supplier<ValidationReport> run) {
        return assertTimeoutPreemptively(CASE_LIMIT, run::get, () -> name + " did not finish within " + CASE_LIMIT);
    }

    /** Every diagnostic names the input, says something, and points inside the text (or at no position). */
    private static void assertSane(String name, String text, ValidationReport report) {
        assertEquals(name, report.file(), "report file");
        long lines = text == null ? Long.MAX_VALUE : text.lines().count() + 1;
        for (Diagnostic d : report.diagnostics()) {
            String where = name + ": " + InvalidCorpusTest.describe(d);
            assertEquals(name, d.file(), where);
            assertFalse(d.message().isBlank(), where);
            assertTrue(d.line() >= 0 && d.column() >= 0, where);
            assertTrue(d.line() == 0 || d.column() >= 1, "a known line needs a column: " + where);
            assertTrue(d.line() <= lines, "points past the end of the input: " + where);
        }
        if (!report.valid()) {
            assertFalse(report.errors().isEmpty(), name);
        }
    }
}
