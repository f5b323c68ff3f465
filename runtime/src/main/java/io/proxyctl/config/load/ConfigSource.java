package io.proxyctl.config.load;

import java.util.List;
import java.util.Objects;

/**
 * A loaded configuration document: the name the user gave it, its text (for carets under source lines), the tree
 * (maps with insertion order, lists, String, Long, Double, Boolean, null) and where each node stands.
 */
public final class ConfigSource {
    private final String name;
    private final String text;
    private final Object root;
    private final SourceMap sourceMap;
    private List<String> lines;

    public ConfigSource(String name, String text, Object root, SourceMap sourceMap) {
        this.name = Objects.requireNonNull(name, "name");
        this.text = Objects.requireNonNull(text, "text");
        this.root = root;
        this.sourceMap = Objects.requireNonNull(sourceMap, "sourceMap");
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** The document tree; a {@code Map<String, Object>} for any document that loaded without errors. */
    public Object root() {
        return root;
    }

    public SourceMap sourceMap() {
        return sourceMap;
    }

    /** The source line with the given 1-based number, or "" when out of range. */
    public String line(int number) {
        if (lines == null) {
            lines = List.of(text.split("\r?\n", -1));
        }
        return number >= 1 && number <= lines.size() ? lines.get(number - 1) : "";
    }
}
