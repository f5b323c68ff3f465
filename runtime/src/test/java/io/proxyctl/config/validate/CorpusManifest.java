package io.proxyctl.config.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An expectation manifest of a corpus folder ({@code expected.tsv}): per file, the diagnostics the validator must
 * report, each as code, 1-based line and column, and optionally a substring of the message or suggestion.
 */
final class CorpusManifest {
    static final String NAME = "expected.tsv";

    /** One expected diagnostic. */
    record Expectation(String file, String code, int line, int column, String substring) {
        boolean matches(Diagnostic d) {
            if (!d.code().id().equals(code) || d.line() != line || d.column() != column) {
                return false;
            }
            if (substring == null) {
                return true;
            }
            String needle = substring.toLowerCase(Locale.ROOT);
            return d.message().toLowerCase(Locale.ROOT).contains(needle)
                    || (d.suggestion() != null && d.suggestion().toLowerCase(Locale.ROOT).contains(needle));
        }

        @Override
        public String toString() {
            return code + " at " + line + ":" + column + (substring == null ? "" : " mentioning '" + substring + "'");
        }
    }

    private final Path folder;
    private final Map<String, List<Expectation>> byFile;

    private CorpusManifest(Path folder, Map<String, List<Expectation>> byFile) {
        this.folder = folder;
        this.byFile = byFile;
    }

    /** Reads the manifest of a test-resource folder, e.g. {@code "/invalid"}. */
    static CorpusManifest ofResource(String folder) {
        URL url = CorpusManifest.class.getResource(folder + "/" + NAME);
        if (url == null) {
            throw new IllegalStateException("no " + NAME + " in test resource folder " + folder);
        }
        try {
            return read(Path.of(url.toURI()).getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static CorpusManifest read(Path folder) {
        Map<String, List<Expectation>> byFile = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(folder.resolve(NAME));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 4 || !f[1].matches("PX\\d{4}")) {
                throw new IllegalStateException(
                        NAME + ":" + n + ": expected file, code, line, column[, substring]: " + line);
            }
            String substring = f.length > 4 && !f[4].isEmpty() ? f[4] : null;
            byFile.computeIfAbsent(f[0], k -> new ArrayList<>())
                    .add(new Expectation(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), substring));
        }
        return new CorpusManifest(folder, byFile);
    }

    Path folder() {
        return folder;
    }

    Map<String, List<Expectation>> byFile() {
        return byFile;
    }

    /** The regular files of the folder (not subfolders), except the manifest itself. */
    Set<String> filesOnDisk() {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals(NAME))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
