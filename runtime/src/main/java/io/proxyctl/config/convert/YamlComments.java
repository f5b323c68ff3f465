package io.proxyctl.config.convert;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentType;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CommentEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * The comments of a YAML text, found by snakeyaml's scanner (so a '#' inside a string or a block scalar is not
 * mistaken for one), grouped the way a reader sees them: runs of full-line comments and blank lines belong to
 * the content line that follows them; an end-of-line comment belongs to its own line.
 */
public final class YamlComments {
    /**
     * A run of full-line comments (and blank lines, as "") before {@code anchorLine}, or after the document when
     * the anchor is 0.
     */
    public record Block(int anchorLine, List<String> lines) {
        public Block {
            lines = List.copyOf(lines);
        }
    }

    /** An end-of-line comment ("# ...") on {@code line}. */
    public record Trailing(int line, String text) {
    }

    private final List<Block> blocks;
    private final List<Trailing> trailing;

    private YamlComments(List<Block> blocks, List<Trailing> trailing) {
        this.blocks = List.copyOf(blocks);
        this.trailing = List.copyOf(trailing);
    }

    public List<Block> blocks() {
        return blocks;
    }

    public List<Trailing> trailing() {
        return trailing;
    }

    /** The comments of {@code text}; none when the text does not parse. */
    public static YamlComments of(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(true);
        String[] lines = text.split("\r?\n", -1);
        // full-line comments and blank lines by line number ("" for a blank line); end-of-line comments apart
        TreeMap<Integer, String> fullLine = new TreeMap<>();
        List<Trailing> trailing = new ArrayList<>();
        boolean[] inScalar = new boolean[lines.length + 2];
        try {
            for (Event e : new Yaml(options).parse(new StringReader(text))) {
                if (e instanceof CommentEvent c && c.getCommentType() == CommentType.BLOCK) {
                    fullLine.put(c.getStartMark().getLine() + 1, "#" + c.getValue());
                } else if (e instanceof CommentEvent c && c.getCommentType() == CommentType.IN_LINE) {
                    trailing.add(new Trailing(c.getStartMark().getLine() + 1, "#" + c.getValue()));
                } else if (e instanceof ScalarEvent sc) {
                    markContent(sc, lines, inScalar);
                }
            }
        } catch (YAMLException e) {
            return new YamlComments(List.of(), List.of());
        }
        // Blank lines come from the text, not from the scanner: the scanner counts the blank lines after a
        // block scalar ("|") as part of it, so a separator written after one would vanish on the next read.
        for (int n = 1; n <= lines.length; n++) {
            if (lines[n - 1].isBlank() && !inScalar[n] && !(n == lines.length && lines[n - 1].isEmpty())) {
                fullLine.putIfAbsent(n, "");
            }
        }
        List<Block> blocks = new ArrayList<>();
        List<String> run = new ArrayList<>();
        int lastLine = 0;
        for (Map.Entry<Integer, String> e : fullLine.entrySet()) {
            int line = e.getKey();
            if (!run.isEmpty() && line != lastLine + 1) {
                blocks.add(new Block(anchor(lastLine, lines, fullLine), run));
                run = new ArrayList<>();
            }
            if (e.getValue().isEmpty()) {
                // a run of blank lines reads as one; none at the start of the document
                if (!(run.isEmpty() ? blocks.isEmpty() && line == 1 : run.get(run.size() - 1).isEmpty())) {
                    run.add("");
                }
            } else {
                run.add(e.getValue());
            }
            lastLine = line;
        }
        if (!run.isEmpty()) {
            blocks.add(new Block(anchor(lastLine, lines, fullLine), run));
        }
        return new YamlComments(blocks, trailing);
    }

    /**
     * Marks the lines a multi-line scalar's content covers. A flow scalar (plain or quoted) ends on its last
     * content line; a block scalar ("|", ">") ends where the next token starts, so its content is up to its last
     * non-blank line before that, plus the blank lines a "keep" block ("|+") holds as content.
     */
    private static void markContent(ScalarEvent sc, String[] lines, boolean[] inScalar) {
        int first = sc.getStartMark().getLine() + 1;
        int end = Math.min(sc.getEndMark().getLine() + 1, lines.length);
        int contentEnd = end;
        if (sc.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL || sc.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED) {
            contentEnd = first;
            for (int n = first + 1; n < end; n++) {
                if (!lines[n - 1].isBlank()) {
                    contentEnd = n;
                }
            }
            String v = sc.getValue();
            int newlines = 0;
            for (int i = v.length() - 1; i >= 0 && v.charAt(i) == '\n'; i--) {
                newlines++;
            }
            contentEnd = Math.min(lines.length, contentEnd + Math.max(0, newlines - 1));
        }
        for (int n = first + 1; n <= contentEnd; n++) {
            inScalar[n] = true;
        }
    }

    /** The first content line after {@code line}, or 0 when only comments and blanks follow. */
    private static int anchor(int line, String[] lines, Map<Integer, String> commentLines) {
        for (int n = line + 1; n <= lines.length; n++) {
            if (!commentLines.containsKey(n) && !lines[n - 1].isBlank()) {
                return n;
            }
        }
        return 0;
    }
}
